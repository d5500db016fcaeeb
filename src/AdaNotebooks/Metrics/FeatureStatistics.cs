using static TorchSharp.torch;

namespace AdaNotebooks.Metrics;

/// <summary>Mean and covariance of a feature set in float64, as FID uses them.</summary>
public sealed class FeatureStatistics : IDisposable
{
    public FeatureStatistics(Tensor mean, Tensor covariance, long count)
    {
        if (mean.dim() != 1 || covariance.dim() != 2 || covariance.shape[0] != mean.shape[0]
            || covariance.shape[1] != mean.shape[0])
            throw new ArgumentException($"mean [{string.Join(", ", mean.shape)}] and covariance " +
                                        $"[{string.Join(", ", covariance.shape)}] do not match");
        Mean = mean.to(float64).detach();
        Covariance = covariance.to(float64).detach();
        Count = count;
    }

    /// <summary>mu, float64 [D].</summary>
    public Tensor Mean { get; }

    /// <summary>Sigma, float64 [D, D], biased (divided by N, like the reference).</summary>
    public Tensor Covariance { get; }

    /// <summary>Number of feature vectors the statistics came from.</summary>
    public long Count { get; }

    public int Dimension => (int)Mean.shape[0];

    /// <summary>mu = mean_i x_i, Sigma = (1/N) sum_i (x_i - mu)(x_i - mu)^T, accumulated in float64.</summary>
    public static FeatureStatistics Of(Tensor features)
    {
        if (features.dim() != 2)
            throw new ArgumentException($"expected features [N, D], got shape [{string.Join(", ", features.shape)}]");
        long n = features.shape[0];
        if (n < 1) throw new ArgumentException("no features to take statistics of");
        using var scope = NewDisposeScope();
        var x = features.detach().cpu().to(float64);
        var mean = x.mean([0]);
        var centered = x - mean;
        var covariance = centered.t().matmul(centered).div(n);
        var result = new FeatureStatistics(mean, covariance, n);
        result.Mean.MoveToOuterDisposeScope();
        result.Covariance.MoveToOuterDisposeScope();
        return result;
    }

    public void Dispose()
    {
        Mean.Dispose();
        Covariance.Dispose();
    }
}
