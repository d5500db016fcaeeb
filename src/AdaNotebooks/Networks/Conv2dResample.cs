using AdaNotebooks.Ops;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace AdaNotebooks.Networks;

/// <summary>conv2d_resample: a 2-D convolution with optional 2x up- or downsampling through the 4x4 low-pass
/// filter, with the reference's padding arithmetic. The weight [out, in / groups, k, k] is applied as a
/// cross-correlation (torch conv2d semantics, kernel never flipped); upsampling uses a transposed convolution
/// with the same unflipped weight.
/// - no resampling: conv2d with padding;
/// - down, 1x1: filter + downsample, then conv;   down, kxk: zero-pad + filter, then conv with stride 2;
/// - up, 1x1: conv, then filter-upsample (gain 4); up, kxk: transposed conv with stride 2, then filter (gain
/// 4).
/// A <paramref name="bias"/> [out] is added by the convolution itself where it is the last op (one op fewer),
/// after the filter otherwise.</summary>
public static class Conv2dResample
{
    public static Tensor Apply(Tensor x, Tensor w, Tensor? filter = null, int up = 1, int down = 1, int padding = 0,
        long groups = 1, Tensor? bias = null)
    {
        if (up > 1 && down > 1)
            throw new ArgumentException("conv2d_resample: up and down at once is not used by the networks");
        if ((up > 1 || down > 1) && filter is null)
            throw new ArgumentException("conv2d_resample: resampling needs a filter");
        long outChannels = w.shape[0], inPerGroup = w.shape[1], k = w.shape[2];
        int taps = filter is null ? 1 : (int)filter.shape[^1];

        int p0 = padding, p1 = padding;
        if (up > 1)
        {
            p0 += (taps + up - 1) / 2;
            p1 += (taps - up) / 2;
        }
        if (down > 1)
        {
            p0 += (taps - down + 1) / 2;
            p1 += (taps - down) / 2;
        }

        if (down > 1 && k == 1)
        {
            x = Upfirdn2d.Apply(x, filter!, downX: down, downY: down, padX0: p0, padX1: p1, padY0: p0, padY1: p1);
            return F.conv2d(x, w, bias, groups: groups);
        }
        if (up > 1 && k == 1)
        {
            x = F.conv2d(x, w, groups: groups);
            return AddBias(Upfirdn2d.Apply(x, filter!, upX: up, upY: up, padX0: p0, padX1: p1, padY0: p0, padY1: p1,
                gain: up * up), bias);
        }
        if (down > 1)
        {
            x = Upfirdn2d.Apply(x, filter!, padX0: p0, padX1: p1, padY0: p0, padY1: p1);
            return F.conv2d(x, w, bias, strides: [down, down], groups: groups);
        }
        if (up > 1)
        {
            // conv_transpose2d wants [in, out / groups, k, k].
            var wt = groups == 1
                ? w.transpose(0, 1)
                : w.reshape(groups, outChannels / groups, inPerGroup, k, k).transpose(1, 2)
                    .reshape(groups * inPerGroup, outChannels / groups, k, k);
            p0 -= (int)k - 1;
            p1 -= (int)k - up;
            int pt = Math.Max(Math.Min(-p0, -p1), 0);
            x = F.conv_transpose2d(x, wt, strides: [up, up], padding: [pt, pt], groups: groups);
            return AddBias(Upfirdn2d.Apply(x, filter!, padX0: p0 + pt, padX1: p1 + pt, padY0: p0 + pt,
                padY1: p1 + pt, gain: up * up), bias);
        }
        if (p0 == p1 && p0 >= 0)
            return F.conv2d(x, w, bias, padding: [p0, p0], groups: groups);
        x = Upfirdn2d.Apply(x, filter ?? ones(1, 1, dtype: x.dtype), padX0: p0, padX1: p1, padY0: p0, padY1: p1);
        return F.conv2d(x, w, bias, groups: groups);
    }

    static Tensor AddBias(Tensor x, Tensor? bias) => bias is null ? x : x + bias.view(1, -1, 1, 1);
}
