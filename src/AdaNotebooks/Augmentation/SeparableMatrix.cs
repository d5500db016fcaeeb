using System.Collections.Concurrent;
using static TorchSharp.torch;

namespace AdaNotebooks.Augmentation;

/// <summary>The pipeline's fixed 1-D resampling steps (reflect padding, upfirdn with the sym6 filter, the
/// image-filter bands) as small dense matrices, applied along an axis with one matrix multiplication. They are
/// linear maps of the same sums as the reference's padded convolutions (so the results agree to float32
/// rounding), but a batched matmul is far faster on a CPU than a depthwise convolution, and its backward and
/// double backward are matmuls too. Matrices are built once per length and margin, in float64, by pushing
/// each unit vector through the 1-D operation.</summary>
public static class SeparableMatrix
{
    static readonly ConcurrentDictionary<string, float[]> Cache = new();

    /// <summary>The matrix M [outLength x n] of a linear 1-D operation: column j = op(e_j).</summary>
    public static Tensor Of(string key, int n, Func<double[], double[]> op)
    {
        var data = Cache.GetOrAdd(key, _ =>
        {
            double[][] columns = Enumerable.Range(0, n).Select(j => { var e = new double[n]; e[j] = 1; return op(e); })
                .ToArray();
            int rows = columns[0].Length;
            var m = new float[rows * n];
            for (int j = 0; j < n; j++)
                for (int i = 0; i < rows; i++) m[i * n + j] = (float)columns[j][i];
            return m;
        });
        return tensor(data, [data.Length / n, n]);
    }

    /// <summary>Applies a row operator [outH x H] along y and a column operator [outW x W] along x: My x Mx^T.
    /// The operators may be batched ([B, 1, out, in]) for per-image filters.</summary>
    public static Tensor Apply(Tensor images, Tensor alongY, Tensor alongX)
    {
        var my = alongY.to(images.dtype, images.device);
        var mx = alongX.to(images.dtype, images.device);
        return my.matmul(images).matmul(mx.transpose(-1, -2));
    }

    /// <summary>NumPy/PyTorch 'reflect' padding (the edge sample is not repeated). Where the padding is as long as
    /// the signal or longer (PyTorch refuses it), the reflection repeats: the signal is extended as the periodic
    /// mirror image x0 x1 .. x(n-1) x(n-2) .. x1 with period 2(n - 1), which is 'reflect' whenever that accepts
    /// it.</summary>
    public static double[] ReflectPad(double[] x, int before, int after)
    {
        int n = x.Length;
        if (n == 0 || before < 0 || after < 0)
            throw new ArgumentException($"reflect padding of {before}/{after} needs a non-empty signal and " +
                                        $"non-negative padding (got {n} samples)");
        int period = Math.Max(2 * (n - 1), 1);
        var y = new double[n + before + after];
        for (int i = 0; i < y.Length; i++)
        {
            int k = ((i - before) % period + period) % period;
            if (k >= n) k = period - k;
            y[i] = x[k];
        }
        return y;
    }

    /// <summary>1-D upfirdn with the reference's semantics (see <see cref="Ops.Upfirdn2d"/>): insert up-1 zeros,
    /// pad (positive) or crop (negative), filter (reversed unless flip) with gain, keep every down-th sample.</summary>
    public static double[] Upfirdn(double[] x, double[] f, int up, int down, int pad0, int pad1, bool flipFilter,
        double gain)
    {
        var u = new double[x.Length * up];
        for (int i = 0; i < x.Length; i++) u[i * up] = x[i];
        int start = Math.Max(-pad0, 0), stop = u.Length - Math.Max(-pad1, 0);
        var padded = new double[Math.Max(pad0, 0) + (stop - start) + Math.Max(pad1, 0)];
        Array.Copy(u, start, padded, Math.Max(pad0, 0), stop - start);
        var k = flipFilter ? f : f.Reverse().ToArray();
        int length = padded.Length - k.Length + 1;
        var y = new double[(length + down - 1) / down];
        for (int o = 0; o < y.Length; o++)
        {
            double sum = 0;
            for (int j = 0; j < k.Length; j++) sum += padded[o * down + j] * k[j];
            y[o] = sum * gain;
        }
        return y;
    }
}
