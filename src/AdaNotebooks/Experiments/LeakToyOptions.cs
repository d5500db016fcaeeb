namespace AdaNotebooks.Experiments;

/// <summary>Where the toy GAN's generator starts: every state equally likely, or nearly all its mass on the data
/// turned by the op (rotated by a quarter turn, mirrored, inverted).</summary>
public enum LeakToyStart { Uniform, Rotated }

/// <summary>What D sees of an augmented image: the state it is (the pipeline's output mapped to the nearest binary
/// image: the augmentation acts on distributions over the finite space, as in the non-leak argument), or the
/// pipeline's resampled pixels as they are (flips and turns ring by up to ~0.3, and the identity does not, so D can
/// tell which images were turned).</summary>
public enum LeakToyPixels { Quantized, Resampled }

/// <summary>One run of the exact toy GAN (<see cref="LeakToy"/>).</summary>
public sealed record LeakToyOptions
{
    /// <summary>The augmentation: xflip, rotate90 or lumaflip (xint never moves a 3x3 image).</summary>
    public string Op { get; init; } = "rotate90";
    public double P { get; init; }
    /// <summary>Seeds D's initial weights (G's start is fixed by <see cref="Start"/>).</summary>
    public int Seed { get; init; }
    public int Steps { get; init; } = 2000;
    public LeakToyStart Start { get; init; } = LeakToyStart.Uniform;
    public LeakToyPixels Pixels { get; init; } = LeakToyPixels.Quantized;
    /// <summary>D's hidden units per layer.</summary>
    public int Hidden { get; init; } = 32;
    /// <summary>Adam's learning rates for G's logits and D (betas 0 and 0.99, eps 1e-8, as the trainer's).</summary>
    public double LearningRateG { get; init; } = 0.03;
    public double LearningRateD { get; init; } = 0.002;
    /// <summary>The trajectory records TV and the rotated share every this many steps (and at the end).</summary>
    public int RecordEvery { get; init; } = 10;
    /// <summary>"Converged": TV(G, data) at most this.</summary>
    public double TvThreshold { get; init; } = 0.05;

    public static readonly IReadOnlyList<string> SupportedOps = ["xflip", "rotate90", "lumaflip"];

    public void Validate()
    {
        if (!SupportedOps.Contains(Op))
            throw new ArgumentException(Op == "xint"
                ? "op 'xint': round(3 t) = 0 for |t| <= xint_max = 1/8, so xint never moves a 3x3 image"
                : $"op '{Op}': the toy GAN supports {string.Join(", ", SupportedOps)}");
        if (!(P >= 0 && P <= 1)) throw new ArgumentException($"p {P}: expected a probability in [0, 1]");
        if (Steps < 1 || Hidden < 1 || RecordEvery < 1)
            throw new ArgumentException($"steps {Steps}, hidden {Hidden}, record every {RecordEvery}: expected >= 1");
        if (!(LearningRateG > 0) || !(LearningRateD > 0))
            throw new ArgumentException($"learning rates {LearningRateG}, {LearningRateD}: expected > 0");
        if (!(TvThreshold > 0 && TvThreshold < 1))
            throw new ArgumentException($"TV threshold {TvThreshold}: expected a number in (0, 1)");
    }
}
