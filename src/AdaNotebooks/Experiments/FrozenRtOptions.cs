namespace AdaNotebooks.Experiments;

/// <summary>Settings of <see cref="FrozenRt"/>: trained discriminators read at fixed p. Data, resolution, held-out
/// count and split seed as the study the snapshots come from (each snapshot's own options give its training
/// images).</summary>
public sealed record FrozenRtOptions
{
    public string Data { get; init; } = "data/fashion-mnist";
    public int? Resolution { get; init; } = 16;
    public int HeldOut { get; init; } = 2000;
    /// <summary>The held-out split's seed (the studies' 0).</summary>
    public int Seed { get; init; }
    /// <summary>Snapshot files or run folders (the latest snapshot in each).</summary>
    public IReadOnlyList<string> Snapshots { get; init; } = [];
    public IReadOnlyList<double> Ps { get; init; } = [0, 0.025, 0.05, 0.1, 0.2, 0.4, 0.8];
    public string Preset { get; init; } = "bgc";
    /// <summary>Augmented copies of each training image per p (fresh parameters each time).</summary>
    public int Draws { get; init; } = 20;
    /// <summary>At most this many training images per snapshot (all of a small subset).</summary>
    public int MaxImages { get; init; } = 1000;
    /// <summary>The r_t target whose crossing p is reported (ADA's 0.6).</summary>
    public double Target { get; init; } = 0.6;
    public string OutDir { get; init; } = "bench/results/frozen-rt";

    public void Validate()
    {
        if (Snapshots.Count == 0) throw new ArgumentException("--snapshots: give one or more snapshots or run folders");
        foreach (var p in Ps) if (!(p >= 0 && p <= 1)) throw new ArgumentException($"--ps {p}: expected p in [0, 1]");
        if (Draws < 1 || MaxImages < 1) throw new ArgumentException("--draws and --max-images must be positive");
        Augmentation.AugmentSpec.Preset(Preset);
    }
}
