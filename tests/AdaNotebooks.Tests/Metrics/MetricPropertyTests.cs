using AdaNotebooks.Metrics;
using FsCheck;
using FsCheck.Fluent;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Metrics;

/// <summary>Properties over random feature sets: two sets of different sizes, spreads and offsets.</summary>
public class MetricPropertyTests
{
    public readonly record struct Case(int Seed, int NReal, int NFake, int D, int SpreadPercent, int ShiftPercent);

    static readonly Arbitrary<Case> Cases =
        (from seed in Gen.Choose(1, 1_000_000)
         from nReal in Gen.Choose(5, 60)
         from nFake in Gen.Choose(5, 60)
         from d in Gen.Choose(1, 12)
         from spread in Gen.Choose(10, 400)
         from shift in Gen.Choose(0, 300)
         select new Case(seed, nReal, nFake, d, spread, shift)).ToArbitrary();

    static (Tensor Real, Tensor Fake) Draw(Case c, bool sameSize = false)
    {
        var g = new Generator((ulong)c.Seed);
        var real = randn(c.NReal, c.D, dtype: float64, generator: g);
        var fake = randn(sameSize ? c.NReal : c.NFake, c.D, dtype: float64, generator: g).mul(c.SpreadPercent / 100.0)
            .add(c.ShiftPercent / 100.0);
        return (real, fake);
    }

    static Tensor Shuffle(Tensor x, int seed) => x.index_select(0,
        randperm(x.shape[0], generator: new Generator((ulong)seed + 7)));

    [Fact]
    public void FrechetDistanceIsSymmetricNonNegativeAndIgnoresSampleOrder()
    {
        Prop.ForAll(Cases, c =>
        {
            using var scope = NewDisposeScope();
            var (real, fake) = Draw(c);
            double fd = FrechetDistance.Compute(real, fake);
            double swapped = FrechetDistance.Compute(fake, real);
            double shuffled = FrechetDistance.Compute(Shuffle(real, c.Seed), Shuffle(fake, c.Seed + 1));
            double tolerance = 1e-9 * (1 + FeatureStatistics.Of(real).Covariance.trace().item<double>() +
                FeatureStatistics.Of(fake).Covariance.trace().item<double>());
            return fd >= -tolerance && Math.Abs(fd - swapped) <= tolerance && Math.Abs(fd - shuffled) <= tolerance;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void KernelInceptionDistanceIsSymmetricAndIgnoresSampleOrderWhenEverySampleIsUsed()
    {
        // With n_r = n_g = m, every subset is the whole set, so the estimate cannot depend on order or on roles.
        Prop.ForAll(Cases, c =>
        {
            using var scope = NewDisposeScope();
            var (real, fake) = Draw(c, sameSize: true);
            double kid = KernelInceptionDistance.Compute(real, fake, subsets: 2);
            double swapped = KernelInceptionDistance.Compute(fake, real, subsets: 2);
            double shuffled = KernelInceptionDistance.Compute(Shuffle(real, c.Seed), Shuffle(fake, c.Seed + 1),
                subsets: 2, seed: 99);
            double tolerance = 1e-9 * (1 + Math.Abs(kid) + KernelInceptionDistance.Kernel(real, real, c.D).abs().max()
                .item<double>());
            return Math.Abs(kid - swapped) <= tolerance && Math.Abs(kid - shuffled) <= tolerance;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void PrecisionAndRecallSwapWithTheSetsAndIgnoreSampleOrder()
    {
        Prop.ForAll(Cases, c =>
        {
            using var scope = NewDisposeScope();
            var (real, fake) = Draw(c);
            var pr = PrecisionRecall.Compute(real, fake);
            var swapped = PrecisionRecall.Compute(fake, real);
            var shuffled = PrecisionRecall.Compute(Shuffle(real, c.Seed), Shuffle(fake, c.Seed + 1));
            return pr == (swapped.Recall, swapped.Precision) && pr == shuffled
                   && pr.Precision is >= 0 and <= 1 && pr.Recall is >= 0 and <= 1;
        }).QuickCheckThrowOnFailure();
    }
}
