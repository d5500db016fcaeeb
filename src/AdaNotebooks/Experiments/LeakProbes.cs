using AdaNotebooks.Imaging;
using AdaNotebooks.Metrics;
using static TorchSharp.torch;

namespace AdaNotebooks.Experiments;

/// <summary>What the probes say about a set of generated images: the share the orientation classifier calls rotated
/// (with its share per quarter turn) and the share with an inverted background; NaN and no shares when the
/// classifier is not part of the study.</summary>
public sealed record LeakVerdict(double Rotated, double[] RotationShares, double Inverted);

/// <summary>The leak experiment's two judges of G's images: the <see cref="OrientationClassifier"/> (rotate90,
/// optional) and the <see cref="InversionProbe"/> (lumaflip, cheap, so every run is checked for it).</summary>
public sealed class LeakProbes(OrientationClassifier? classifier, InversionProbe inversion)
{
    /// <summary>Metric names under which a run's stats record the leak during training.</summary>
    public const string RotatedMetric = "leak_rotated", InvertedMetric = "leak_inverted";

    /// <summary><paramref name="count"/> images from <paramref name="generator"/> (G_ema) for fixed latents, quantised
    /// as they are saved: what anyone looking at the samples would see.</summary>
    public static Tensor Images(Networks.Generator generator, int count, long seed)
    {
        var images = GeneratedImages.FromGenerator(generator, seed: seed)(count);
        return ImageQuantizer.ToUInt8(images).to(float32).div(127.5).sub(1);
    }

    public LeakVerdict Judge(Tensor images)
    {
        double[] shares = classifier?.Shares(images) ?? [];
        return new LeakVerdict(shares.Length == 4 ? 1 - shares[0] : double.NaN, shares, inversion.Inverted(images));
    }

    /// <summary>The leak of G_ema's images as run metrics (a trainer's <c>MetricsProvider</c>), so each measurement is
    /// logged with its tick and read back on resume.</summary>
    public IReadOnlyDictionary<string, double> Metrics(Networks.Generator generator, int count, long seed)
    {
        using var scope = NewDisposeScope();
        var verdict = Judge(Images(generator, count, seed));
        var metrics = new Dictionary<string, double> { [InvertedMetric] = verdict.Inverted };
        if (classifier is not null) metrics[RotatedMetric] = verdict.Rotated;
        return metrics;
    }
}
