namespace AdaNotebooks.Training;

/// <summary>D's raw outputs during the last tick, for the overfitting picture (paper, Figure 1): on training reals
/// (un-augmented), held-out validation reals (if any) and generated images.</summary>
public sealed record DOutputs(double[] Train, double[] Validation, double[] Generated)
{
    /// <summary>Mean D(training real) - mean D(validation real): near 0 while D generalises, growing as it memorises
    /// the training set. Null without validation images.</summary>
    public double? OverfitGap => Train.Length > 0 && Validation.Length > 0
        ? Train.Average() - Validation.Average()
        : null;

    /// <summary>The validation heuristic read off this tick's outputs (paper, section 3):
    /// r_v = (E[D_train] - E[D_validation]) / (E[D_train] - E[D_generated]), 0 while D scores held-out reals like
    /// training reals, 1 when it scores them like fakes. Null without validation images or generated outputs, or
    /// where D scores training reals and fakes alike.</summary>
    public double? Rv
    {
        get
        {
            if (OverfitGap is not { } gap || Generated.Length == 0) return null;
            double spread = Train.Average() - Generated.Average();
            return spread != 0 ? gap / spread : null;
        }
    }
}

/// <summary>What the trainer publishes once per tick; the CLI (progress display), notebooks (live charts) and the
/// run folder (stats.jsonl, TensorBoard, report.html) all consume it.</summary>
public sealed record TrainingProgress
{
    public int Tick { get; init; }
    public double Kimg { get; init; }
    public double TotalKimg { get; init; }
    public long Step { get; init; }
    /// <summary>Augmentation probability at the end of the tick.</summary>
    public double P { get; init; }
    /// <summary>r_t = the tick's mean of sign(D(augmented training real)), logged the same way for every method;
    /// or, when the controller runs on r_v, r_v at its last adjustment.</summary>
    public double? Heuristic { get; init; }
    public string HeuristicName { get; init; } = "r_t";
    /// <summary>Mean losses over the tick: "G", "D", "R1" (and "bCR" where used).</summary>
    public IReadOnlyDictionary<string, double> Losses { get; init; } = new Dictionary<string, double>();
    public double ImagesPerSecond { get; init; }
    public double SecondsPerTick { get; init; }
    /// <summary>The run's training time so far, the time before a resume of the same run included.</summary>
    public TimeSpan Elapsed { get; init; }
    public TimeSpan? Eta { get; init; }
    /// <summary>Fraction of the step time spent in the augmentation pipeline.</summary>
    public double AugmentShare { get; init; }
    public DOutputs? DOutputs { get; init; }
    /// <summary>Metrics computed at this tick (name -> value), if any.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();
    /// <summary>PNG of G_ema's samples from the run's fixed seeds, when drawn this tick.</summary>
    public byte[]? SampleGrid { get; init; }
    /// <summary>Path of the snapshot written at this tick, if any.</summary>
    public string? SnapshotPath { get; init; }
    public bool Done { get; init; }
}
