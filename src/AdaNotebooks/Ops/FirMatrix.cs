using System.Collections.Concurrent;
using static TorchSharp.torch;

namespace AdaNotebooks.Ops;

/// <summary>One axis of upfirdn2d as a matrix M [length, outLength], so that out = in @ M: insert up-1 zeros,
/// pad (crop when negative), correlate with the taps, keep every down-th sample. Output sample s reads padded
/// sample s down + k with tap k, and padded sample q holds input i when q = i up + pad0, so
/// M[i, s] = taps[i up + pad0 - s down] where that index is a tap, else 0.
/// On the CPU a separable FIR applied as two small matrix products is one GEMM each, where the depthwise (grouped)
/// convolution libtorch would run instead is one convolution per channel, forward and backward.</summary>
public static class FirMatrix
{
    readonly record struct Key(string Taps, long Length, int Up, int Down, int Pad0, int Pad1, ScalarType Dtype,
        string Device);

    static readonly ConcurrentDictionary<Key, Tensor> Cache = new();

    /// <summary>The number of samples one axis keeps: ((length up + pad0 + pad1) - taps) / down + 1.</summary>
    public static long OutLength(long length, int taps, int up, int down, int pad0, int pad1)
    {
        long filtered = length * up + pad0 + pad1 - taps + 1;
        if (filtered < 1)
            throw new ArgumentException($"upfirdn2d: {length} samples padded by ({pad0}, {pad1}) are shorter than " +
                                        $"the {taps}-tap filter");
        return (filtered - 1) / down + 1;
    }

    /// <summary>M for these correlation taps (already flipped and scaled), shared between calls: it is built
    /// once per shape and never disposed.</summary>
    public static Tensor Get(double[] taps, long length, int up, int down, int pad0, int pad1, ScalarType dtype,
        Device device)
    {
        var key = new Key(string.Join(',', taps.Select(t => t.ToString("R"))), length, up, down, pad0, pad1, dtype,
            device.ToString());
        return Cache.GetOrAdd(key, _ => Build(taps, length, up, down, pad0, pad1, dtype, device));
    }

    static Tensor Build(double[] taps, long length, int up, int down, int pad0, int pad1, ScalarType dtype,
        Device device)
    {
        long outLength = OutLength(length, taps.Length, up, down, pad0, pad1);
        var m = new double[length * outLength];
        for (long i = 0; i < length; i++)
        for (long s = 0; s < outLength; s++)
        {
            long k = i * up + pad0 - s * down;
            if (k >= 0 && k < taps.Length) m[i * outLength + s] = taps[k];
        }
        using var scope = NewDisposeScope();
        return tensor(m, dtype: float64).view(length, outLength).to(dtype).to(device).DetachFromDisposeScope();
    }
}
