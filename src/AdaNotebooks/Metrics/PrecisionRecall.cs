using static TorchSharp.torch;

namespace AdaNotebooks.Metrics;

/// <summary>Improved precision and recall (Kynkaanniemi et al. 2019) with k nearest neighbours (k = 3).
/// The manifold of a feature set is the union of balls around its points, each with radius = the distance to
/// the point's k-th nearest neighbour in the same set (the (k+1)-th closest point counting itself).
/// Precision = fraction of generated features inside the real manifold; recall = fraction of real features
/// inside the generated manifold. Distances are Euclidean, computed in row batches so memory stays bounded.</summary>
public static class PrecisionRecall
{
    public const int DefaultK = 3;

    /// <summary>Distance matrix elements per batch (8M: 64 MB in float64).</summary>
    const long DefaultBatchElements = 8L << 20;

    public static (double Precision, double Recall) Compute(Tensor realFeatures, Tensor fakeFeatures, int k = DefaultK)
        => Compute(realFeatures, fakeFeatures, k, DefaultBatchElements);

    internal static (double Precision, double Recall) Compute(Tensor realFeatures, Tensor fakeFeatures, int k,
        long batchElements)
    {
        if (realFeatures.dim() != 2 || fakeFeatures.dim() != 2 || realFeatures.shape[1] != fakeFeatures.shape[1])
            throw new ArgumentException("expected features [N, D] with one D, got " +
                                        $"[{string.Join(", ", realFeatures.shape)}] and " +
                                        $"[{string.Join(", ", fakeFeatures.shape)}]");
        if (k < 1) throw new ArgumentException($"k {k}: expected at least 1");
        long n = Math.Min(realFeatures.shape[0], fakeFeatures.shape[0]);
        if (n <= k)
            throw new ArgumentException($"precision/recall with k = {k} needs more than {k} features in each set, " +
                                        $"got {realFeatures.shape[0]} real and {fakeFeatures.shape[0]} generated");

        using var scope = NewDisposeScope();
        var dtype = realFeatures.dtype == ScalarType.Float64 || fakeFeatures.dtype == ScalarType.Float64
            ? float64
            : float32;
        var real = realFeatures.detach().cpu().to(dtype);
        var fake = fakeFeatures.detach().cpu().to(dtype);
        var realRadii = Radii(real, k, batchElements);
        var fakeRadii = Radii(fake, k, batchElements);
        return (FractionInside(fake, real, realRadii, batchElements), FractionInside(real, fake, fakeRadii,
            batchElements));
    }

    /// <summary>Per point: the distance to its (k+1)-th closest point of the same set, itself included.</summary>
    public static Tensor Radii(Tensor features, int k, long batchElements = DefaultBatchElements)
    {
        long n = features.shape[0];
        var radii = empty(n, dtype: features.dtype);
        foreach (var (start, length) in Batches(n, n, batchElements))
        {
            using var scope = NewDisposeScope();
            var distances = cdist(features.narrow(0, start, length), features);
            radii.narrow(0, start, length).copy_(distances.kthvalue(k + 1, 1).values);
        }
        return radii;
    }

    /// <summary>Fraction of <paramref name="points"/> within the radius of at least one manifold point.</summary>
    public static double FractionInside(Tensor points, Tensor manifold, Tensor radii,
        long batchElements = DefaultBatchElements)
    {
        long n = points.shape[0], inside = 0;
        foreach (var (start, length) in Batches(n, manifold.shape[0], batchElements))
        {
            using var scope = NewDisposeScope();
            var distances = cdist(points.narrow(0, start, length), manifold);
            inside += distances.le(radii.unsqueeze(0)).any(1).sum().item<long>();
        }
        return (double)inside / n;
    }

    static IEnumerable<(long Start, long Length)> Batches(long rows, long columns, long batchElements)
    {
        long batch = Math.Max(1, batchElements / Math.Max(1, columns));
        for (long start = 0; start < rows; start += batch)
            yield return (start, Math.Min(batch, rows - start));
    }
}
