using AdaNotebooks.Metrics;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Metrics;

public class KernelInceptionDistanceTests
{
    [Fact]
    public void MatchesAHandComputedValue()
    {
        // d = 1, k(a, b) = (ab + 1)^3; x = {1, 2} (generated), y = {0, 1} (real), m = n = 2.
        // Within: [k(1,2) * 2 + k(0,1) * 2] / (2 * 1) = (54 + 2) / 2 = 28.
        // Across: 2 * [k(1,0) + k(1,1) + k(2,0) + k(2,1)] / 4 = 2 * (1 + 8 + 1 + 27) / 4 = 18.5.
        using var scope = NewDisposeScope();
        var real = tensor(new[] { 0.0, 1.0 }, [2, 1]);
        var fake = tensor(new[] { 1.0, 2.0 }, [2, 1]);
        Assert.Equal(9.5, KernelInceptionDistance.Compute(real, fake, subsets: 3), 12);
    }

    [Fact]
    public void IsUnbiasedForSamplesOfOneDistribution()
    {
        // Many independent estimates from one distribution average to 0 within 3 standard errors, while the biased
        // V-statistic (diagonal terms kept) is clearly positive on the same draws: the check has the power to see bias.
        using var scope = NewDisposeScope();
        const int trials = 400, n = 20, d = 4;
        var estimates = new double[trials];
        var biased = new double[trials];
        var g = new Generator(11);
        for (int t = 0; t < trials; t++)
        {
            using var inner = NewDisposeScope();
            var x = randn(n, d, dtype: float64, generator: g);
            var y = randn(n, d, dtype: float64, generator: g);
            estimates[t] = KernelInceptionDistance.Compute(x, y, subsets: 1);
            var (kxx, kyy, kxy) = (KernelInceptionDistance.Kernel(x, x, d), KernelInceptionDistance.Kernel(y, y, d),
                KernelInceptionDistance.Kernel(x, y, d));
            biased[t] = (kxx.sum().item<double>() + kyy.sum().item<double>() - 2 * kxy.sum().item<double>()) / (n * n);
        }
        var (mean, error) = MeanAndStandardError(estimates);
        var (biasedMean, biasedError) = MeanAndStandardError(biased);
        Assert.True(Math.Abs(mean) < 3 * error, $"mean KID {mean:E3}, standard error {error:E3}");
        Assert.True(biasedMean > 10 * biasedError, $"biased mean {biasedMean:E3}, standard error {biasedError:E3}");
        Assert.Contains(estimates, e => e < 0); // unbiased estimates scatter on both sides of 0
    }

    [Fact]
    public void IsClearlyPositiveForDifferentDistributions()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(12);
        var x = randn(300, 8, dtype: float64, generator: g);
        var y = randn(300, 8, dtype: float64, generator: g).add(1);
        Assert.True(KernelInceptionDistance.Compute(x, y, subsets: 10, maxSubsetSize: 100) > 0.5);
    }

    [Fact]
    public void PrecomputedKernelsGiveTheSameValueAsPerSubsetProducts()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(13);
        var x = randn(150, 32, generator: g);
        var y = randn(120, 32, generator: g).mul(1.2);
        double whole = KernelInceptionDistance.Compute(x, y, 7, 50, 5, precompute: true);
        double perSubset = KernelInceptionDistance.Compute(x, y, 7, 50, 5, precompute: false);
        Assert.Equal(perSubset, whole, 1e-5);
        // another seed, other subsets
        Assert.NotEqual(whole, KernelInceptionDistance.Compute(x, y, 7, 50, 6, precompute: true));
    }

    [Fact]
    public void RejectsTooFewFeaturesAndMismatchedDimensions()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => KernelInceptionDistance.Compute(zeros(1, 4), zeros(5, 4)));
        Assert.Throws<ArgumentException>(() => KernelInceptionDistance.Compute(zeros(5, 4), zeros(5, 3)));
    }

    internal static (double Mean, double StandardError) MeanAndStandardError(double[] values)
    {
        double mean = values.Average();
        double variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1);
        return (mean, Math.Sqrt(variance / values.Length));
    }
}
