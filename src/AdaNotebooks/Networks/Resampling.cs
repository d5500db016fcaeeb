using AdaNotebooks.Ops;
using static TorchSharp.torch;

namespace AdaNotebooks.Networks;

/// <summary>The 4x4 low-pass filter every resampling layer carries as its <c>resample_filter</c> buffer:
/// [1,3,3,1] outer [1,3,3,1] / 64.</summary>
public static class Resampling
{
    public static readonly double[] Taps = [1, 3, 3, 1];

    /// <summary>A fresh copy of the filter (a buffer per layer, as the reference's state dicts have).</summary>
    public static Tensor NewFilter() => Upfirdn2d.Filter(Taps, separable: false);

    /// <summary>2x upsampling of an image: up 2, pads (2, 1), gain 4.</summary>
    public static Tensor Upsample2x(Tensor x, Tensor filter) => Upfirdn2d.Upsample(x, filter, up: 2);

    /// <summary>2x downsampling: pads (1, 1), down 2, gain 1.</summary>
    public static Tensor Downsample2x(Tensor x, Tensor filter) => Upfirdn2d.Downsample(x, filter, down: 2);
}
