using static TorchSharp.torch;

namespace AdaNotebooks.Augmentation;

/// <summary>Where the pipeline's random parameters come from: random draws gated by p (training), or the
/// deterministic debug percentile q of ADA-SPEC 1.10 (visualisation: every random number replaced by a fixed
/// value, gates ignored). Draws are float32 on the CPU (they are tiny); a seed makes them reproducible.</summary>
public sealed class ParameterSource
{
    readonly Generator? _generator;

    /// <summary>Augmentation probability p (gates open with probability multiplier * p).</summary>
    public double P { get; }

    /// <summary>The debug percentile q in [0, 1], or null for random draws.</summary>
    public double? Percentile { get; }

    ParameterSource(double p, double? percentile, Generator? generator)
    {
        if (!(p >= 0) || double.IsNaN(p) || double.IsInfinity(p))
            throw new ArgumentException($"p must be a finite number >= 0, got {p}");
        if (percentile is { } q && !(q >= 0 && q <= 1))
            throw new ArgumentException($"the debug percentile must lie in [0, 1], got {q}");
        P = p;
        Percentile = percentile;
        _generator = generator;
    }

    /// <summary>Random parameters at probability p, from <paramref name="generator"/> (or torch's global
    /// generator).</summary>
    public static ParameterSource Random(double p, Generator? generator = null) => new(p, null, generator);

    /// <summary>Deterministic parameters at debug percentile q.</summary>
    public static ParameterSource AtPercentile(double q) => new(1, q, null);

    public bool IsDebug => Percentile is not null;

    /// <summary>u ~ U[0, 1) per element, or q.</summary>
    public Tensor Uniform(params long[] shape) =>
        Percentile is { } q ? full(shape, (float)q) : rand(shape, generator: _generator);

    /// <summary>n ~ N(0, 1) per element, or erfinv(2q - 1) (the reference uses erfinv, not the normal
    /// quantile).</summary>
    public Tensor Normal(params long[] shape) =>
        Percentile is { } q ? full(shape, ErfInv(2 * q - 1)) : randn(shape, generator: _generator);

    /// <summary>A gate per element: open with probability <paramref name="probability"/>; always open in debug
    /// mode.</summary>
    public Tensor Gate(double probability, params long[] shape) =>
        Percentile is not null ? ones(shape, ScalarType.Bool) : rand(shape, generator: _generator).lt(probability);

    /// <summary>One seed per element for drawing a noise image later: an integer in [0, 2^24), exact in float32.
    /// Random even in debug mode (the noise itself stays random there), from the same generator.</summary>
    public Tensor Seeds(params long[] shape) =>
        randint(0, 1 << 24, shape, generator: _generator).to(ScalarType.Float32);

    /// <summary>erfinv in float32, as the reference computes it.</summary>
    public static float ErfInv(double x)
    {
        using var t = tensor((float)x).erfinv();
        return t.item<float>();
    }
}
