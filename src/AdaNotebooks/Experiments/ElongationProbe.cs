using static TorchSharp.torch;

namespace AdaNotebooks.Experiments;

/// <summary>A classifier-free reading of quarter turns: an image's object (its pixels weighted by how far they stand
/// from the background) has second moments s_yy down and s_xx across; its elongation
/// e = (s_yy - s_xx) / (s_yy + s_xx) changes sign under a quarter turn and not under a half turn. Real images are
/// wider than tall (e &lt; 0) at some share w_0; if a share q of G's images is turned by a quarter turn, the wide
/// share becomes w = (1 - q) w_0 + q (1 - w_0), so q = (w - w_0) / (1 - 2 w_0), which only a data set that is
/// mostly tall or mostly wide can tell.</summary>
public sealed class ElongationProbe
{
    /// <summary>How far w_0 must stand from 1/2 for <see cref="QuarterTurned"/> to read a share.</summary>
    public const double MinimumContrast = 0.2;

    readonly int _background;

    /// <summary>Share of the real images that are wider than tall: the floor of the wide share.</summary>
    public double RealWideShare { get; }

    /// <param name="reals">Real images (float NCHW in [-1, 1]).</param>
    /// <param name="inversion">Its background sign says which pixels are the object.</param>
    public ElongationProbe(Tensor reals, InversionProbe inversion)
    {
        _background = inversion.RealSign;
        RealWideShare = Wide(reals);
    }

    /// <summary>Each image's elongation e in [-1, 1] (0 for an image with no object).</summary>
    public double[] Elongation(Tensor images)
    {
        using var scope = NewDisposeScope();
        // Object mass: 1 where a pixel is the background's opposite, 0 on the background (light or dark).
        var mass = InversionProbe.Luma(images).mul(-_background).add(1).div(2).clamp(0, 1).to(float64);
        long h = mass.shape[1], w = mass.shape[2];
        var y = arange(h, dtype: float64).view(1, h, 1);
        var x = arange(w, dtype: float64).view(1, 1, w);
        var total = mass.sum([1, 2], keepdim: true).clamp_min(1e-12);
        var cy = (mass * y).sum([1, 2], keepdim: true) / total;
        var cx = (mass * x).sum([1, 2], keepdim: true) / total;
        var syy = (mass * (y - cy).square()).sum([1, 2]) / total.view(-1);
        var sxx = (mass * (x - cx).square()).sum([1, 2]) / total.view(-1);
        return ((syy - sxx) / (syy + sxx).clamp_min(1e-12)).data<double>().ToArray();
    }

    /// <summary>Share of <paramref name="images"/> wider than tall (e &lt; 0).</summary>
    public double Wide(Tensor images)
    {
        var e = Elongation(images);
        return e.Count(v => v < 0) / (double)Math.Max(1, e.Length);
    }

    /// <summary>The share turned by a quarter turn that the wide share <paramref name="wide"/> implies when real
    /// images are wide at <paramref name="realWide"/> (w_0): (w - w_0) / (1 - 2 w_0); NaN when the real images are
    /// too evenly wide and tall to tell.</summary>
    public static double QuarterTurned(double wide, double realWide) => Math.Abs(1 - 2 * realWide) < MinimumContrast
        ? double.NaN
        : (wide - realWide) / (1 - 2 * realWide);
}
