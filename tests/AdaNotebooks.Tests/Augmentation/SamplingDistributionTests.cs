using AdaNotebooks.Augmentation;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Augmentation;

/// <summary>The sampled parameters follow their declared distributions (ADA-SPEC 1.4, 1.5, 1.7). 20,000 draws
/// with fixed seeds; tolerances are about four standard errors.</summary>
public class SamplingDistributionTests
{
    const int N = 20000;

    static AugmentParams Sample(string preset, double p, ulong seed) =>
        new AugmentPipe(preset, p).Sample(N, 3, ParameterSource.Random(p, new Generator(seed)));

    static double Rate(Tensor changed) => changed.to(float64).mean().item<double>();

    [Theory]
    [InlineData(0.2)]
    [InlineData(0.6)]
    [InlineData(1.0)]
    public void DiscreteOpsChangeAtHalfThreeQuartersAndHalfOfP(double p)
    {
        using var scope = NewDisposeScope();
        var blit = Sample("blit", p, 11);
        var color = Sample("color", p, 12);
        double tol(double rate) => 4 * Math.Sqrt(Math.Max(rate * (1 - rate), 1e-4) / N);
        Assert.InRange(Rate(blit["xflip"].ne(0)), 0.5 * p - tol(0.5 * p), 0.5 * p + tol(0.5 * p));
        Assert.InRange(Rate(blit["rotate90"].ne(0)), 0.75 * p - tol(0.75 * p), 0.75 * p + tol(0.75 * p));
        Assert.InRange(Rate(color["lumaflip"].ne(0)), 0.5 * p - tol(0.5 * p), 0.5 * p + tol(0.5 * p));
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.8)]
    public void ArbitraryRotationHappensBeforeOrAfterWithProbabilityP(double p)
    {
        using var scope = NewDisposeScope();
        var geom = Sample("geom", p, 13);
        double rate = Rate(geom["rotate"].ne(0).logical_or(geom["rotate_post"].ne(0)));
        double tol = 4 * Math.Sqrt(p * (1 - p) / N);
        Assert.InRange(rate, p - tol, p + tol);
        Assert.InRange(RotateOp.GateProbability(1, p), 0, p); // each rotation alone is rarer than p
    }

    [Theory]
    [InlineData("scale", "geom", 0.2)]
    [InlineData("aniso", "geom", 0.2)]
    [InlineData("contrast", "color", 0.5)]
    [InlineData("saturation", "color", 1.0)]
    public void LogNormalOpsHaveTheDeclaredLog2StandardDeviation(string op, string preset, double std)
    {
        using var scope = NewDisposeScope();
        var values = Sample(preset, 1.0, 14)[op];
        var log2 = values.log2().to(float64);
        Assert.InRange(log2.mean().item<double>(), -4 * std / Math.Sqrt(N), 4 * std / Math.Sqrt(N));
        Assert.InRange(log2.std().item<double>(), std * 0.96, std * 1.04);
    }

    [Fact]
    public void GatedOffImagesGetTheIdentityAndGatesFollowP()
    {
        using var scope = NewDisposeScope();
        var values = Sample("geom", 0.3, 15)["scale"];
        double gated = Rate(values.ne(1));
        Assert.InRange(gated, 0.3 - 4 * Math.Sqrt(0.21 / N), 0.3 + 4 * Math.Sqrt(0.21 / N));
        var translation = Sample("blit", 0.3, 16)["xint"];
        // One gate per image for both axes: either both are zero or (almost surely) neither.
        Assert.Equal(0.0, Rate(translation[.., 0].eq(0).logical_xor(translation[.., 1].eq(0))));
        Assert.True(translation.abs().max().item<float>() <= 0.125f);
    }

    [Fact]
    public void PAboveOneSaturatesTheGates()
    {
        using var scope = NewDisposeScope();
        Assert.Equal(1.0, Rate(Sample("geom", 1.7, 17)["scale"].ne(1)));
        Assert.Equal(1.0, RotateOp.GateProbability(1, 1.7));
    }
}
