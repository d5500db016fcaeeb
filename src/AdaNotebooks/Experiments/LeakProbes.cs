using AdaNotebooks.Imaging;
using AdaNotebooks.Metrics;
using static TorchSharp.torch;

namespace AdaNotebooks.Experiments;

/// <summary>What the probes say about a set of generated images: the share the orientation classifier calls rotated
/// (with its share per quarter turn), its gated reading (<see cref="OrientationReading"/>), the share wider than
/// tall (<see cref="ElongationProbe"/>), the share with an inverted background and the gated reading apart for the
/// classes near-symmetric under a half turn (<see cref="ClassFloors"/>); NaN, no shares and no reading when the
/// classifier is not part of the study (no reading by class on unlabelled data).</summary>
public sealed record LeakVerdict(double Rotated, double[] RotationShares, double Inverted,
    OrientationReading? Orientation = null, double Wide = double.NaN, LeakByClass? ByClass = null);

/// <summary>The leak experiment's judges of G's images: the <see cref="OrientationClassifier"/> (rotate90,
/// optional) with the classifier-free <see cref="ElongationProbe"/> beside it and, on labelled data, the per-class
/// floors with the <see cref="ClassClassifier"/> that sorts G's images by class; and the <see cref="InversionProbe"/>
/// (lumaflip, cheap, so every run is checked for it).</summary>
public sealed class LeakProbes(OrientationClassifier? classifier, InversionProbe inversion,
    ElongationProbe? elongation = null, (ClassClassifier Classes, ClassFloors Floors)? classes = null)
{
    /// <summary>Metric names under which a run's stats record the leak during training.</summary>
    public const string RotatedMetric = "leak_rotated", InvertedMetric = "leak_inverted",
        RotatedJudgedMetric = "leak_rotated_judged", JudgedMetric = "leak_judged",
        EquivarianceMetric = "leak_equivariance", WideMetric = "leak_wide";

    /// <summary><paramref name="count"/> images from <paramref name="generator"/> (G_ema) for fixed latents, quantised
    /// as they are saved: what anyone looking at the samples would see.</summary>
    public static Tensor Images(Networks.Generator generator, int count, long seed)
    {
        var images = GeneratedImages.FromGenerator(generator, seed: seed)(count);
        return ImageQuantizer.ToUInt8(images).to(float32).div(127.5).sub(1);
    }

    /// <param name="images">G's images.</param>
    /// <param name="byClass">Also the reading by class (the final verdict; the per-tick metrics do not record it).
    /// </param>
    public LeakVerdict Judge(Tensor images, bool byClass = true)
    {
        double[] shares = classifier?.Shares(images) ?? [];
        return new LeakVerdict(shares.Length == 4 ? 1 - shares[0] : double.NaN, shares, inversion.Inverted(images),
            classifier?.Read(images), elongation?.Wide(images) ?? double.NaN,
            classifier is not null && byClass && classes is { } c
                ? c.Floors.Read(classifier, c.Classes, images)
                : null);
    }

    /// <summary>The leak of G_ema's images as run metrics (a trainer's <c>MetricsProvider</c>), so each measurement is
    /// logged with its tick and read back on resume.</summary>
    public IReadOnlyDictionary<string, double> Metrics(Networks.Generator generator, int count, long seed)
    {
        using var scope = NewDisposeScope();
        var verdict = Judge(Images(generator, count, seed), byClass: false);
        var metrics = new Dictionary<string, double> { [InvertedMetric] = verdict.Inverted };
        if (classifier is not null) metrics[RotatedMetric] = verdict.Rotated;
        if (verdict.Orientation is { } o)
        {
            (metrics[JudgedMetric], metrics[EquivarianceMetric]) = (o.Judged, o.Equivariance);
            if (!double.IsNaN(o.Rotated)) metrics[RotatedJudgedMetric] = o.Rotated;   // none judged: no reading
        }
        if (!double.IsNaN(verdict.Wide)) metrics[WideMetric] = verdict.Wide;
        return metrics;
    }
}
