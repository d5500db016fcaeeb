using static TorchSharp.torch;

namespace AdaNotebooks.Experiments;

/// <summary>Detects luma-flipped images (the color family's lumaflip: gray x -> -x, RGB mirrored along the luma
/// axis) by their border: real images share a background (Fashion-MNIST black, emoji white), so an image whose
/// border mean luminance falls on the other side of zero from the real data's is called inverted.</summary>
public sealed class InversionProbe
{
    /// <summary>Sign of the real images' median border luminance (+1 light background, -1 dark).</summary>
    public int RealSign { get; }

    /// <summary>Share of real images it calls inverted: the floor of any leak measurement.</summary>
    public double RealInvertedShare { get; }

    public InversionProbe(Tensor reals)
    {
        var border = BorderLuma(reals);
        Array.Sort(border);
        RealSign = border[border.Length / 2] >= 0 ? 1 : -1;
        RealInvertedShare = Inverted(reals);
    }

    /// <summary>Share of <paramref name="images"/> (float NCHW in [-1, 1]) whose border is on the other side.</summary>
    public double Inverted(Tensor images)
    {
        var border = BorderLuma(images);
        return border.Count(v => Math.Sign(v) == -RealSign) / (double)Math.Max(1, border.Length);
    }

    /// <summary>Each image's luminance (N, H, W): Rec. 601 weights for RGB, the mean over channels otherwise.
    /// </summary>
    public static Tensor Luma(Tensor images) => images.shape[1] == 3
        ? images.select(1, 0) * 0.299 + images.select(1, 1) * 0.587 + images.select(1, 2) * 0.114
        : images.mean([1]);

    /// <summary>Mean luminance of each image's outermost ring of pixels.</summary>
    static double[] BorderLuma(Tensor images)
    {
        using var scope = NewDisposeScope();
        var luma = Luma(images);
        long h = luma.shape[1], w = luma.shape[2];
        var mask = ones(h, w);
        if (h > 2 && w > 2) mask.narrow(0, 1, h - 2).narrow(1, 1, w - 2).fill_(0);
        var sums = (luma * mask).sum([1, 2]) / mask.sum();
        return sums.to(float64).data<double>().ToArray();
    }
}
