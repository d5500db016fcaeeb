using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Metrics;

/// <summary>Test inputs with known statistics.</summary>
static class Gaussians
{
    /// <summary>A random symmetric positive definite D x D matrix (float64): A A^T / D + 0.1 I.</summary>
    public static Tensor RandomSpd(int d, Generator generator)
    {
        var a = randn(d, d, dtype: float64, generator: generator);
        return a.matmul(a.t()).div(d).add(eye(d, dtype: float64).mul(0.1));
    }

    /// <summary>A 2x2 rotation by <paramref name="angle"/>.</summary>
    public static Tensor Rotation(double angle)
        => tensor(new[] { Math.Cos(angle), -Math.Sin(angle), Math.Sin(angle), Math.Cos(angle) }, [2, 2]);

    /// <summary>N samples whose empirical mean is exactly <paramref name="mean"/> and whose biased (/N) covariance is
    /// exactly <paramref name="covariance"/> (up to rounding): random draws, centred and whitened, then
    /// coloured.</summary>
    public static Tensor SamplesWithExactStatistics(int n, Tensor mean, Tensor covariance, Generator generator)
    {
        int d = (int)mean.shape[0];
        var z = randn(n, d, dtype: float64, generator: generator);
        z = z - z.mean([0]);
        var empirical = z.t().matmul(z).div(n);
        var whiten = linalg.inv(linalg.cholesky(empirical)).t();   // z W has identity covariance
        var colour = linalg.cholesky(covariance).t();               // then (z W) L^T has covariance L L^T
        return z.matmul(whiten).matmul(colour) + mean;
    }
}
