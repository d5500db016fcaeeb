using AdaNotebooks.Metrics;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Metrics;

public class FrechetDistanceTests
{
    [Fact]
    public void DiagonalCovariancesGiveTheClosedForm()
    {
        // Commuting covariances: FD = |mu1 - mu2|^2 + sum_i (sqrt a_i - sqrt b_i)^2.
        using var scope = NewDisposeScope();
        var g = new Generator(1);
        var mu1 = randn(16, dtype: float64, generator: g);
        var mu2 = randn(16, dtype: float64, generator: g);
        var a = rand(16, dtype: float64, generator: g).add(0.1);
        var b = rand(16, dtype: float64, generator: g).mul(3);
        double expected = (mu1 - mu2).pow(2).sum().item<double>() + (a.sqrt() - b.sqrt()).pow(2).sum().item<double>();
        double fd = FrechetDistance.Compute(mu1, diag(a), mu2, diag(b));
        Assert.Equal(expected, fd, 1e-10);
    }

    [Fact]
    public void RotatedTwoByTwoCovariancesGiveTheClosedForm()
    {
        // For 2x2 M = S1 S2 with eigenvalues l1, l2 >= 0: Tr sqrtm(M) = sqrt(l1) + sqrt(l2) = sqrt(Tr M + 2 sqrt(det
        // M)).
        using var scope = NewDisposeScope();
        var r1 = Gaussians.Rotation(0.3);
        var r2 = Gaussians.Rotation(1.1);
        var s1 = r1.matmul(diag(tensor(new[] { 4.0, 0.25 }))).matmul(r1.t());
        var s2 = r2.matmul(diag(tensor(new[] { 1.0, 9.0 }))).matmul(r2.t());
        var mu1 = tensor(new[] { 1.0, 2.0 });
        var mu2 = tensor(new[] { -0.5, 0.0 });
        var m = s1.matmul(s2);
        double traceSqrt = Math.Sqrt(m.trace().item<double>() + 2 * Math.Sqrt(linalg.det(m).item<double>()));
        double expected = 1.5 * 1.5 + 2 * 2 + s1.trace().item<double>() + s2.trace().item<double>() - 2 * traceSqrt;
        Assert.Equal(expected, FrechetDistance.Compute(mu1, s1, mu2, s2), 1e-10);
        Assert.True(expected > 1, "the rotated covariances differ: the case is not trivial");
    }

    [Fact]
    public void ScaledCovarianceGivesTheClosedForm()
    {
        // S2 = c^2 S1: sqrtm(S1 S2) = c S1, so FD = |mu1 - mu2|^2 + (1 - c)^2 Tr S1, for any (non-diagonal) S1.
        using var scope = NewDisposeScope();
        var g = new Generator(2);
        var s1 = Gaussians.RandomSpd(64, g);
        var mu = randn(64, dtype: float64, generator: g);
        double c = 1.7;
        double expected = 0.7 * 0.7 * s1.trace().item<double>() + mu.pow(2).sum().item<double>();
        Assert.Equal(expected, FrechetDistance.Compute(zeros(64, dtype: float64), s1, mu, s1.mul(c * c)), 1e-8);
    }

    [Fact]
    public void FeaturesWithExactStatisticsGiveTheClosedForm()
    {
        // Samples built to have exactly the given mean and biased covariance: FD from features = FD from statistics.
        using var scope = NewDisposeScope();
        var g = new Generator(3);
        var a = rand(8, dtype: float64, generator: g).add(0.5);
        var b = rand(8, dtype: float64, generator: g).add(0.5);
        var mu1 = randn(8, dtype: float64, generator: g);
        var mu2 = randn(8, dtype: float64, generator: g);
        var x = Gaussians.SamplesWithExactStatistics(300, mu1, diag(a), g);
        var y = Gaussians.SamplesWithExactStatistics(200, mu2, diag(b), g);
        double expected = (mu1 - mu2).pow(2).sum().item<double>() + (a.sqrt() - b.sqrt()).pow(2).sum().item<double>();
        Assert.Equal(expected, FrechetDistance.Compute(x, y), 1e-8);
    }

    [Fact]
    public void StatisticsUseTheBiasedCovariance()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { 0.0, 2.0 }, [2, 1]);
        using var stats = FeatureStatistics.Of(x);
        Assert.Equal(1.0, stats.Mean[0].item<double>(), 12);
        Assert.Equal(1.0, stats.Covariance[0, 0].item<double>(), 12); // ((0-1)^2 + (2-1)^2) / 2, not / 1
    }

    [Theory]
    [InlineData(500, 64)]
    [InlineData(20, 64)] // fewer samples than dimensions: singular covariances, where a naive sqrtm goes complex
    public void IdenticalSetsGiveZero(int n, int d)
    {
        using var scope = NewDisposeScope();
        var x = randn(n, d, generator: new Generator(4)).mul(3).add(1);
        double fd = FrechetDistance.Compute(x, x.clone());
        double scale = FeatureStatistics.Of(x).Covariance.trace().item<double>();
        Assert.True(Math.Abs(fd) < 1e-9 * scale, $"FD of a set with itself = {fd} (trace {scale})");
    }

    [Fact]
    public void DistinctSetsGiveClearlyPositiveDistances()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(5);
        var x = randn(400, 16, dtype: float64, generator: g);
        var y = randn(400, 16, dtype: float64, generator: g).mul(2);
        // Population value: 16 * (1 - 2)^2 = 16; a sample of 400 is close.
        Assert.InRange(FrechetDistance.Compute(x, y), 12.0, 20.0);
    }
}
