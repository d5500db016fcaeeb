using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace AdaNotebooks.Ops;

/// <summary>upfirdn2d: upsample (insert zeros), FIR filter, downsample (keep every n-th sample), per channel;
/// the resampling primitive of StyleGAN2 and of the ADA pipeline, with the reference's exact semantics
/// (torch_utils/ops/upfirdn2d.py, reference path):
/// 1. insert up-1 zeros after every sample along x and y;
/// 2. pad with zeros (positive pads) or crop (negative pads): x0, x1, y0, y1;
/// 3. filter: a 2-D [fh, fw] filter at once, or a 1-D [taps] filter along x then along y (separable), scaled by
///    gain^(ndim/2) (so "gain 4" is x2 per 1-D pass); the filter is REVERSED first unless flipFilter, i.e.
///    flipFilter = false is a true convolution and flipFilter = true a plain cross-correlation; no further padding
///    (output length = input length - taps + 1);
/// 4. keep every down-th sample starting with the first.
/// A separable filter (1-D, or a 2-D outer product such as the networks' resample filter) runs as two matrix
/// products, one per axis (<see cref="FirMatrix"/>); any other filter as pad, a grouped conv2d and slicing
/// (<see cref="ApplyGrouped"/>). Both are the same sums of products and support double backward.</summary>
public static class Upfirdn2d
{
    public static Tensor Apply(Tensor x, Tensor f, int upX = 1, int upY = 1, int downX = 1, int downY = 1,
        int padX0 = 0, int padX1 = 0, int padY0 = 0, int padY1 = 0, bool flipFilter = false, double gain = 1)
    {
        if (x.dim() != 4)
            throw new ArgumentException($"upfirdn2d expects NCHW input, got shape [{string.Join(", ", x.shape)}]");
        if (f.dim() is not (1 or 2)) throw new ArgumentException("upfirdn2d expects a 1-D (separable) or 2-D filter");
        if (upX < 1 || upY < 1 || downX < 1 || downY < 1)
            throw new ArgumentException("up and down factors must be >= 1");
        if (SeparableTaps(f, flipFilter, gain) is not (var tapsY, var tapsX))
            return ApplyGrouped(x, f, upX, upY, downX, downY, padX0, padX1, padY0, padY1, flipFilter, gain);
        var mx = FirMatrix.Get(tapsX, x.shape[3], upX, downX, padX0, padX1, x.dtype, x.device); // [W, W']
        var my = FirMatrix.Get(tapsY, x.shape[2], upY, downY, padY0, padY1, x.dtype, x.device); // [H, H']
        return my.t().matmul(x.matmul(mx));
    }

    /// <summary>upfirdn2d step by step: zero insertion, pad, a depthwise (grouped) convolution, slicing.</summary>
    internal static Tensor ApplyGrouped(Tensor x, Tensor f, int upX = 1, int upY = 1, int downX = 1, int downY = 1,
        int padX0 = 0, int padX1 = 0, int padY0 = 0, int padY1 = 0, bool flipFilter = false, double gain = 1)
    {
        long n = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];

        // 1. Upsample by inserting zeros.
        if (upX > 1 || upY > 1)
        {
            x = x.reshape(n, c, h, 1, w, 1);
            x = F.pad(x, [0, upX - 1, 0, 0, 0, upY - 1]);
            x = x.reshape(n, c, h * upY, w * upX);
        }

        // 2. Pad, then crop.
        if (padX0 > 0 || padX1 > 0 || padY0 > 0 || padY1 > 0)
            x = F.pad(x, [Math.Max(padX0, 0), Math.Max(padX1, 0), Math.Max(padY0, 0), Math.Max(padY1, 0)]);
        if (padX0 < 0 || padX1 < 0 || padY0 < 0 || padY1 < 0)
            x = x.slice(2, Math.Max(-padY0, 0), x.shape[2] - Math.Max(-padY1, 0), 1)
                 .slice(3, Math.Max(-padX0, 0), x.shape[3] - Math.Max(-padX1, 0), 1);

        // 3. Filter (grouped convolution, one group per channel).
        var filter = f.to(x.dtype).to(x.device).mul(Math.Pow(gain, f.dim() / 2.0));
        if (!flipFilter) filter = filter.flip(f.dim() == 1 ? [0] : [0, 1]);
        if (f.dim() == 2)
        {
            x = F.conv2d(x, filter.view(1, 1, filter.shape[0], filter.shape[1]).expand(c, 1, -1, -1), groups: c);
        }
        else
        {
            long taps = filter.shape[0];
            x = F.conv2d(x, filter.view(1, 1, 1, taps).expand(c, 1, 1, taps), groups: c);
            x = F.conv2d(x, filter.view(1, 1, taps, 1).expand(c, 1, taps, 1), groups: c);
        }

        // 4. Downsample by throwing samples away.
        if (downX > 1 || downY > 1)
            x = x.slice(2, 0, x.shape[2], downY).slice(3, 0, x.shape[3], downX);
        return x;
    }

    /// <summary>The correlation taps along y and x (flipped unless <paramref name="flipFilter"/>, scaled by gain) when
    /// the filter is 1-D or a 2-D outer product a b^T; null for any other 2-D filter. A rank-1 filter is factored
    /// through its largest entry f[r, c]: a = f[:, c], b = f[r, :] / f[r, c].</summary>
    static (double[] Y, double[] X)? SeparableTaps(Tensor f, bool flipFilter, double gain)
    {
        using var scope = NewDisposeScope();
        var values = f.detach().to(float64).cpu().contiguous().data<double>().ToArray();
        double[] y, x;
        if (f.dim() == 1)
        {
            double g = Math.Sqrt(gain);
            y = values.Select(v => v * g).ToArray();
            x = (double[])y.Clone();
        }
        else
        {
            int rows = (int)f.shape[0], cols = (int)f.shape[1];
            int at = Array.IndexOf(values, values.MaxBy(Math.Abs));
            int r = at / cols, c = at % cols;
            if (values[at] == 0) return null;
            y = Enumerable.Range(0, rows).Select(i => values[i * cols + c] * gain).ToArray();
            x = Enumerable.Range(0, cols).Select(j => values[r * cols + j] / values[at]).ToArray();
            double tolerance = 1e-6 * Math.Abs(values[at]) * Math.Max(gain, 1);
            for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                if (Math.Abs(y[i] * x[j] - values[i * cols + j] * gain) > tolerance)
                    return null;
        }
        if (!flipFilter)
        {
            Array.Reverse(y);
            Array.Reverse(x);
        }
        return (y, x);
    }

    /// <summary>2x (or up x) upsampling with padding chosen to keep the image centred, as the reference's
    /// upsample2d: pads (p + (taps + up - 1) / 2, p + (taps - up) / 2) per axis, gain multiplied by up^2.</summary>
    public static Tensor Upsample(Tensor x, Tensor f, int up = 2, int padding = 0, bool flipFilter = false,
        double gain = 1)
    {
        long taps = f.shape[^1];
        int p0 = padding + (int)((taps + up - 1) / 2), p1 = padding + (int)((taps - up) / 2);
        return Apply(x, f, upX: up, upY: up, padX0: p0, padX1: p1, padY0: p0, padY1: p1, flipFilter: flipFilter,
            gain: gain * up * up);
    }

    /// <summary>2x (or down x) downsampling as the reference's downsample2d: pads (p + (taps - down + 1) / 2,
    /// p + (taps - down) / 2) per axis.</summary>
    public static Tensor Downsample(Tensor x, Tensor f, int down = 2, int padding = 0, bool flipFilter = false,
        double gain = 1)
    {
        long taps = f.shape[^1];
        int p0 = padding + (int)((taps - down + 1) / 2), p1 = padding + (int)((taps - down) / 2);
        return Apply(x, f, downX: down, downY: down, padX0: p0, padX1: p1, padY0: p0, padY1: p1, flipFilter: flipFilter,
            gain: gain);
    }

    /// <summary>A filter from its taps, normalised to sum 1; <paramref name="separable"/> = false gives the 2-D
    /// outer product (e.g. [1,3,3,1] -> the 4x4 StyleGAN2 resample filter, sum 1).</summary>
    public static Tensor Filter(double[] taps, bool separable = true)
    {
        var f = tensor(taps, dtype: float32);
        if (!separable) f = f.outer(f);
        return f.div(f.sum());
    }
}
