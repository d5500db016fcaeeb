using AdaNotebooks.Ada;

namespace AdaNotebooks.Training;

/// <summary>How D's inputs are augmented: ADA (adaptive p), a fixed p, p ramped linearly to a final value, none,
/// DiffAugment (always on), or balanced consistency regularisation (bCR: D sees clean images, plus a consistency
/// penalty between x and T(x); G's step unaugmented — the comparison method whose leak the paper
/// demonstrates).</summary>
public enum AugmentMode { Ada, Fixed, NoAug, DiffAug, Bcr, Ramp }

/// <summary>What a run asks for; saved in every snapshot so a resume continues with the same settings. Nullable
/// hyperparameters mean "the configuration's" and are resolved once, by <see cref="RunConfig.Resolve"/>; the other
/// defaults here are the only ones (the command line shows them).</summary>
public sealed record TrainingOptions
{
    public string Data { get; init; } = "builtin:emoji32";
    public string OutDir { get; init; } = "runs/emoji32-ada";
    public string Config { get; init; } = "cpu";
    /// <summary>A custom network configuration (instead of the preset named by <see cref="Config"/>; its training
    /// hyperparameters still come from that preset).</summary>
    public Networks.NetworkConfig? Network { get; init; }
    /// <summary>Training length in thousands of real images shown to D.</summary>
    public double Kimg { get; init; } = 10;
    public int? Batch { get; init; }
    public int Seed { get; init; }

    // Data.
    /// <summary>Train a class-conditional model: null = when the dataset has labels, false = ignore the
    /// labels.</summary>
    public bool? Conditional { get; init; }
    public bool Mirror { get; init; }
    public int? Subset { get; init; }
    /// <summary>Real images held out from training for r_v and the overfitting histograms.</summary>
    public int Validation { get; init; } = 200;

    // Augmentation and the controller.
    public AugmentMode Augment { get; init; } = AugmentMode.Ada;
    public string Preset { get; init; } = "bgc";
    /// <summary>Fixed p (mode fixed, bcr), the final p (mode ramp), or the initial p (mode ada).</summary>
    public double P { get; init; }
    /// <summary>Mode ramp: kimg over which p rises linearly from 0 to <see cref="P"/>.</summary>
    public double? RampKimg { get; init; }
    public Heuristic Heuristic { get; init; } = Heuristic.Rt;
    public double? Target { get; init; }
    public int AdaInterval { get; init; } = 4;
    public double? AdaKimg { get; init; }
    public double? PMax { get; init; }
    public string DiffAugPolicy { get; init; } = "color,translation,cutout";
    public double BcrReal { get; init; } = 10;
    public double BcrFake { get; init; } = 10;

    // Losses and optimisation.
    public double? Gamma { get; init; }
    public int R1Interval { get; init; } = 16;
    public double? LearningRate { get; init; }
    public double? EmaKimg { get; init; }
    public double? EmaRampup { get; init; }
    public double? StyleMixing { get; init; }
    /// <summary>Path-length regularisation weight (StyleGAN2; 0 turns it off).</summary>
    public double? PlWeight { get; init; }
    public int FreezeD { get; init; }
    /// <summary>What G and D compute in; snapshots hold float32 weights whichever is chosen.</summary>
    public Precision Precision { get; init; } = Precision.Auto;
    /// <summary>How many of the highest resolutions of G and D run in reduced precision (the reference's
    /// num_fp16_res); null: the configuration's (<see cref="TrainingDefaults.MixedRes"/>).</summary>
    public int? MixedRes { get; init; }

    // Ticks, snapshots, samples, metrics.
    public double KimgPerTick { get; init; } = 1;
    public int SnapshotTicks { get; init; } = 5;
    public int KeepSnapshots { get; init; } = 3;
    public int SampleTicks { get; init; } = 1;
    public int SampleCount { get; init; } = 32;
    public int MetricTicks { get; init; }
    public IReadOnlyList<string> Metrics { get; init; } = [];
    public int MetricNum { get; init; } = 2000;

    /// <summary>A snapshot (file or folder) to start from; for continuing a run use the run folder
    /// ("latest").</summary>
    public string? Resume { get; init; }

    /// <summary>What `ada train` runs with no options, chosen so that a first run shows ADA at work within minutes
    /// on two CPU cores and ends in recognisable images: the <c>small</c> networks on a seeded subset of 40 of the
    /// built-in face emoji (alike enough for 40 kimg to draw recognisable faces, few enough for D to overfit
    /// within the run; 65 of the 130 are held out for validation), 40 kimg, and ada_kimg 20 (so that p can move within
    /// it; the reference's 500 suits GPU runs of thousands of kimg). The command line applies the subset only to
    /// its default data and ada_kimg only to fresh runs (README, "Measured here": the default run).</summary>
    public static TrainingOptions FirstRun { get; } = new()
    {
        Data = "builtin:emoji32-faces", OutDir = "runs/emoji-faces-ada", Config = "small", Kimg = 40, Subset = 40,
        AdaKimg = 20,
    };

    public void Validate()
    {
        if (!(Kimg > 0)) throw new ArgumentException($"--kimg must be > 0, got {Kimg}");
        if (Batch is { } b && b < 1) throw new ArgumentException($"--batch must be >= 1, got {b}");
        if (!(P >= 0 && P <= 1)) throw new ArgumentException($"--p must lie in [0, 1], got {P}");
        if (PMax is { } cap && !(cap >= 0 && cap <= 1))
            throw new ArgumentException($"--p-max must lie in [0, 1], got {cap}");
        if (Target is { } t && !(t > -1 && t < 1))
            throw new ArgumentException($"--target must lie in (-1, 1), got {t}");
        if (!(KimgPerTick > 0)) throw new ArgumentException($"--tick must be > 0 kimg, got {KimgPerTick}");
        if (SnapshotTicks < 1 || SampleTicks < 1) throw new ArgumentException("--snap and --sample-ticks must be >= 1");
        if (KeepSnapshots < 1) throw new ArgumentException("--keep-snapshots must be >= 1");
        if (R1Interval < 1 || AdaInterval < 1) throw new ArgumentException("intervals must be >= 1");
        if (Validation < 0) throw new ArgumentException("--validation must be >= 0");
        if (Augment == AugmentMode.Ramp && !(RampKimg > 0))
            throw new ArgumentException($"--aug ramp needs --ramp-kimg > 0, got {RampKimg}");
        if (MixedRes is < 0) throw new ArgumentException($"--mixed-res must be >= 0, got {MixedRes}");
        if (PlWeight is { } pl && !(pl >= 0)) throw new ArgumentException($"--pl-weight must be >= 0, got {pl}");
        Augmentation.AugmentSpec.Preset(Preset);
        if (Augment == AugmentMode.DiffAug) _ = new Augmentation.DiffAugment(DiffAugPolicy);
        foreach (var metric in Metrics) global::AdaNotebooks.Metrics.MetricSuite.Parse(metric);
        if (Metrics.Count > 0 && MetricTicks < 1) throw new ArgumentException("--metric-ticks must be >= 1");
    }
}
