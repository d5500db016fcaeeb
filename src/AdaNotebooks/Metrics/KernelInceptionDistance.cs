using static TorchSharp.torch;

namespace AdaNotebooks.Metrics;

/// <summary>Kernel Inception Distance: the unbiased estimate of the squared maximum mean discrepancy (MMD^2)
/// between feature sets with the cubic polynomial kernel k(a, b) = (a.b / d + 1)^3, averaged over random
/// subsets of m = min(n_r, n_g, maxSubsetSize) features from each set, drawn without replacement.
///
/// Per subset (x = generated, y = real, K(u, v) = k(u_i, v_j) as a matrix):
///   MMD^2_u = [sum_{i != j} K(x,x)_ij + sum_{i != j} K(y,y)_ij] / (m (m - 1)) - 2 sum_ij K(x,y)_ij / m^2,
/// whose expectation is exactly MMD^2 (0 when both sets come from one distribution); it can be negative.
/// Usually reported x 10^3.</summary>
public static class KernelInceptionDistance
{
    public const int DefaultSubsets = 100;
    public const int DefaultMaxSubsetSize = 1000;

    /// <summary>Up to this many kernel values in total (3 matrices, float64: 384 MB) are computed once up
    /// front.</summary>
    const long MaxPrecomputedKernelElements = 48L << 20;

    public static double Compute(Tensor realFeatures, Tensor fakeFeatures, int subsets = DefaultSubsets,
                                 int maxSubsetSize = DefaultMaxSubsetSize, long seed = 0)
        => Compute(realFeatures, fakeFeatures, subsets, maxSubsetSize, seed, precompute: null);

    /// <param name="precompute">Force (true) or forbid (false) computing all kernel values up front; by size when
    /// null.</param>
    internal static double Compute(Tensor realFeatures, Tensor fakeFeatures, int subsets, int maxSubsetSize, long seed,
        bool? precompute)
    {
        if (realFeatures.dim() != 2 || fakeFeatures.dim() != 2 || realFeatures.shape[1] != fakeFeatures.shape[1])
            throw new ArgumentException("expected features [N, D] with one D, got " +
                                        $"[{string.Join(", ", realFeatures.shape)}] and " +
                                        $"[{string.Join(", ", fakeFeatures.shape)}]");
        if (subsets < 1) throw new ArgumentException($"subsets {subsets}: expected at least 1");
        long nR = realFeatures.shape[0], nG = fakeFeatures.shape[0];
        long m = Math.Min(Math.Min(nR, nG), maxSubsetSize);
        if (m < 2)
            throw new ArgumentException($"KID needs at least 2 features in each set, got {nR} real and {nG} generated");
        double d = realFeatures.shape[1];

        using var scope = NewDisposeScope();
        // Dot products in the features' own precision (float32 from the networks, like the reference's NumPy code;
        // float64 when given float64), kernel values and sums in float64.
        var dtype = realFeatures.dtype == ScalarType.Float64 || fakeFeatures.dtype == ScalarType.Float64
            ? float64
            : float32;
        var real = realFeatures.detach().cpu().to(dtype);
        var fake = fakeFeatures.detach().cpu().to(dtype);
        var generator = new Generator((ulong)seed);
        double total = 0;
        if (precompute ?? nR * nR + nG * nG + nR * nG <= MaxPrecomputedKernelElements)
        {
            // Small sets: all kernel values once (3 matrix products instead of 3 per subset); each subset then
            // only gathers its rows and columns. Same subsets, same sums as computing per subset.
            var kff = Kernel(fake, fake, d);
            var krr = Kernel(real, real, d);
            var kfr = Kernel(fake, real, d);
            for (int s = 0; s < subsets; s++)
            {
                using var inner = NewDisposeScope();
                var x = Choose(nG, m, generator);
                var y = Choose(nR, m, generator);
                total += UnbiasedMmd2(Gather(kff, x, x), Gather(krr, y, y), Gather(kfr, x, y));
            }
        }
        else
        {
            for (int s = 0; s < subsets; s++)
            {
                using var inner = NewDisposeScope();
                var x = fake.index_select(0, Choose(nG, m, generator));
                var y = real.index_select(0, Choose(nR, m, generator));
                total += UnbiasedMmd2(Kernel(x, x, d), Kernel(y, y, d), Kernel(x, y, d));
            }
        }
        return total / subsets;
    }

    /// <summary>MMD^2_u from the kernel matrices of one subset pair (formula in the class summary).</summary>
    public static double UnbiasedMmd2(Tensor kxx, Tensor kyy, Tensor kxy)
    {
        long m = kxx.shape[0];
        double within = kxx.sum().item<double>() - kxx.diagonal().sum().item<double>()
                      + kyy.sum().item<double>() - kyy.diagonal().sum().item<double>();
        return within / (m * (m - 1.0)) - 2 * kxy.sum().item<double>() / ((double)m * m);
    }

    /// <summary>k(a, b) = (a.b / d + 1)^3 for all pairs of rows, in float64.</summary>
    public static Tensor Kernel(Tensor a, Tensor b, double d) => a.matmul(b.t()).to(float64).div(d).add(1).pow(3);

    /// <summary>m of n indices without replacement (a permutation of all when m = n).</summary>
    static Tensor Choose(long n, long m, Generator generator) => randperm(n, generator: generator).narrow(0, 0, m);

    static Tensor Gather(Tensor kernel, Tensor rows, Tensor columns) => kernel.index_select(0, rows)
        .index_select(1, columns);
}
