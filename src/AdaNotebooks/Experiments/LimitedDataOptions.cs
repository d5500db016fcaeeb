using AdaNotebooks.Training;

namespace AdaNotebooks.Experiments;

/// <summary>The limited-data study (the paper's Figures 1, 4 and 6 at CPU scale): no augmentation, ADA and
/// DiffAugment trained on subsets of a dataset for the same kimg, scored by FD/KID against held-out real images
/// as training goes; and, at one size, ADA with each augmentation category alone.</summary>
public sealed record LimitedDataOptions
{
    public string Data { get; init; } = "builtin:emoji32";
    public int? Resolution { get; init; } = 16;
    public int? Channels { get; init; }
    public string OutDir { get; init; } = "results/limited-data";
    public string Config { get; init; } = "small";
    public double Kimg { get; init; } = 20;
    public int Batch { get; init; } = 32;
    /// <summary>Seed of the held-out split (the same images for every run).</summary>
    public int Seed { get; init; }
    /// <summary>Training seeds: every cell runs once per seed (the seed also draws the cell's subset).</summary>
    public IReadOnlyList<int> Seeds { get; init; } = [0];
    /// <summary>Training-set sizes; 0 = every image not held out.</summary>
    public IReadOnlyList<int> Sizes { get; init; } = [500, 2000];
    /// <summary>noaug, ada, diffaug (and fixed, bcr).</summary>
    public IReadOnlyList<string> Methods { get; init; } = ["noaug", "ada", "diffaug"];
    /// <summary>ADA's preset in the method comparison.</summary>
    public string Preset { get; init; } = "bgc";
    /// <summary>ADA's speed: p can cross [0, 1] in this many kimg. The reference's 500 suits runs of thousands of
    /// kimg; short CPU runs need p to move within the run.</summary>
    public double AdaKimg { get; init; } = 5;
    /// <summary>The category study: ADA with each of these presets alone at <see cref="CategorySize"/>
    /// images.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];
    public int CategorySize { get; init; } = 500;
    /// <summary>When given, the category study applies each category at each of these fixed p instead of letting
    /// ADA choose p (the paper's Figure 4 sweeps p per category).</summary>
    public IReadOnlyList<double> CategoryPs { get; init; } = [];
    /// <summary>Real images never trained on: the metrics' reference set.</summary>
    public int HeldOut { get; init; } = 5000;
    /// <summary>Images held out of each training set for D's validation outputs (r_v, the overfitting
    /// histograms).</summary>
    public int Validation { get; init; } = 200;
    public IReadOnlyList<string> Metrics { get; init; } = ["fd", "kid"];
    public int MetricNum { get; init; } = 1000;
    /// <summary>Metric evaluations per run (evenly spaced, the last at the end).</summary>
    public int MetricPoints { get; init; } = 5;
    public string? Detector { get; init; }
    /// <summary>When given, a run stops once its FD has risen from its best by this fraction
    /// (<see cref="OverfitRise"/>); <see cref="Kimg"/> is then the budget.</summary>
    public double? StopRise { get; init; }
    /// <summary>The stop rule reads only the evaluations from this kimg on: a young GAN's FD can be lowest at its
    /// first evaluation, of images not yet formed, and rise from there as they form.</summary>
    public double StopFrom { get; init; }
    /// <summary>What G and D compute in: every cell runs once per precision on the same seed (paired), the check
    /// that bf16 mixed precision trains as well as fp32. Named, never auto, so a study means the same on every
    /// CPU; fp32 alone by default, as every study before mixed precision ran.</summary>
    public IReadOnlyList<Precision> Precisions { get; init; } = [Precision.Fp32];

    public void Validate()
    {
        if (!(Kimg > 0) || Batch < 1 || MetricNum < 2 || MetricPoints < 1)
            throw new ArgumentException("--kimg, --batch, --metric-num and --metric-points must be positive");
        if (Seeds.Count == 0 || Seeds.Distinct().Count() != Seeds.Count)
            throw new ArgumentException("--seeds: give one or more distinct seeds");
        foreach (var m in Methods) ParseMethod(m);
        if (StopRise is { } rise && !(rise > 0 && rise < 10))
            throw new ArgumentException($"--stop-rise {rise}: expected a fraction above 0, e.g. 0.1 for 10 %");
        if (!(StopFrom >= 0 && StopFrom < Kimg))
            throw new ArgumentException($"--stop-from {StopFrom}: expected a kimg from 0 to below --kimg {Kimg}");
        foreach (var size in Sizes.Append(CategorySize)) if (size < 0)
            throw new ArgumentException($"--sizes {size}: expected a positive count or 0 (all)");
        foreach (var c in Categories) Augmentation.AugmentSpec.Preset(c);
        foreach (var p in CategoryPs) if (!(p > 0 && p <= 1))
            throw new ArgumentException($"--category-ps {p}: expected p in (0, 1]");
        if (CategoryPs.Count > 0 && Categories.Count == 0)
            throw new ArgumentException("--category-ps needs --categories");
        Augmentation.AugmentSpec.Preset(Preset);
        if (Precisions.Count == 0 || Precisions.Contains(Precision.Auto)
            || Precisions.Distinct().Count() != Precisions.Count)
            throw new ArgumentException("--precisions: give fp32, bf16 or both, once each (a study names its " +
                                        "precision)");
    }

    /// <summary>"fp32" or "bf16" from the command line.</summary>
    public static Precision ParsePrecision(string name) => name switch
    {
        "fp32" => Precision.Fp32, "bf16" => Precision.Bf16,
        _ => throw new ArgumentException($"--precisions: '{name}': expected fp32 or bf16"),
    };

    public static AugmentMode ParseMethod(string method) => method switch
    {
        "noaug" => AugmentMode.NoAug, "ada" => AugmentMode.Ada, "diffaug" => AugmentMode.DiffAug,
        "bcr" => AugmentMode.Bcr, "fixed" => AugmentMode.Fixed,
        _ => throw new ArgumentException($"method '{method}': expected noaug, ada, diffaug, fixed or bcr"),
    };
}
