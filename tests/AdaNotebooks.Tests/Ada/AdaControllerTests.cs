using AdaNotebooks.Ada;
using FsCheck;
using FsCheck.Fluent;

namespace AdaNotebooks.Tests.Ada;

public class AdaControllerTests
{
    /// <summary>Feeds one minibatch whose reals D scores positive at rate (1 + r) / 2, i.e. with r_t = r.</summary>
    static bool Feed(AdaController c, int batch, double rt)
    {
        int positive = (int)Math.Round((1 + rt) / 2 * batch);
        c.ObserveTrainingReals(positive - (batch - positive), 0, batch);
        return c.EndMinibatch(batch);
    }

    [Fact]
    public void PMovesByExactlyTheStepEveryIntervalMinibatches()
    {
        Prop.ForAll(Gen.Choose(1, 128).ToArbitrary(), Gen.Choose(1, 8).ToArbitrary(), Gen.Choose(1, 1000).ToArbitrary(),
            (batch, interval, kimg) =>
        {
            var c = new AdaController(new AdaOptions { Interval = interval, AdaKimg = kimg });
            double step = batch * (double)interval / (kimg * 1000.0);
            bool ok = c.StepSize(batch) == step;
            for (int k = 1; k <= 3 * interval; k++)
            {
                bool adjusted = Feed(c, batch, 0.9);
                ok &= adjusted == (k % interval == 0);
                ok &= Math.Abs(c.P - step * (k / interval)) < 1e-12;
            }
            return ok;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void PNeverGoesBelowZeroAndRespectsTheCap()
    {
        Prop.ForAll(Gen.ListOf(Gen.Choose(-100, 100)).ToArbitrary(), Gen.Choose(0, 100).ToArbitrary(),
            (signals, capPercent) =>
        {
            var cap = capPercent / 100.0;
            var c = new AdaController(new AdaOptions { Interval = 1, AdaKimg = 0.5, PMax = cap });
            foreach (var s in signals)
            {
                Feed(c, 64, s / 100.0);
                if (c.P < 0 || c.P > cap + 1e-12) return false;
            }
            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void WithoutACapPCanExceedOneLikeTheReference()
    {
        var c = new AdaController(new AdaOptions { Interval = 1, AdaKimg = 1 });
        for (int i = 0; i < 100; i++) Feed(c, 64, 1.0);
        Assert.True(c.P > 1);
    }

    [Fact]
    public void SettlesNearTheTargetAgainstASyntheticOverfittingDiscriminator()
    {
        // A discriminator whose r_t falls as p rises: r_t(p) = 0.95 - 0.7 p plus minibatch noise; r_t = 0.6 at p* =
        // 0.5.
        Prop.ForAll(Gen.Choose(1, 1000).ToArbitrary(), seed =>
        {
            var random = new Random(seed);
            var c = new AdaController(new AdaOptions { AdaKimg = 20 });
            var ps = new List<double>();
            var rts = new List<double>();
            for (int step = 0; step < 8000; step++)
            {
                double rt = Math.Clamp(0.95 - 0.7 * c.P + (random.NextDouble() - 0.5) * 0.2, -1, 1);
                Feed(c, 32, rt);
                if (step >= 4000) { ps.Add(c.P); rts.Add(rt); }
            }
            return Math.Abs(ps.Average() - 0.5) < 0.05 && Math.Abs(rts.Average() - 0.6) < 0.03;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void RvUsesTrainValidationAndGeneratedMeans()
    {
        var c = new AdaController(AdaOptions.For(Heuristic.Rv) with { Interval = 1 });
        // E[D_train] = 2, E[D_valid] = 1, E[D_gen] = -2 -> r_v = (2 - 1) / (2 + 2) = 0.25 < 0.5: p stays at 0.
        c.ObserveTrainingReals(0, 2 * 10, 10);
        c.ObserveValidation(1 * 5, 5);
        c.ObserveGenerated(-2 * 10, 10);
        Assert.True(c.EndMinibatch(10));
        Assert.Equal(0.25, c.LastHeuristic!.Value, 12);
        Assert.Equal(0, c.P);
        // Overfitting: validation scored like fakes -> r_v = 1 > 0.5: p rises.
        c.ObserveTrainingReals(0, 2 * 10, 10);
        c.ObserveValidation(-2 * 5, 5);
        c.ObserveGenerated(-2 * 10, 10);
        c.EndMinibatch(10);
        Assert.Equal(1, c.LastHeuristic!.Value, 12);
        Assert.True(c.P > 0);
    }

    [Fact]
    public void StateRoundTripsAndResumesIdentically()
    {
        var a = new AdaController(new AdaOptions { AdaKimg = 10 });
        for (int i = 0; i < 13; i++) Feed(a, 16, 0.8);
        var b = new AdaController(a.Options, a.State);
        for (int i = 0; i < 11; i++) { Feed(a, 16, i % 3 == 0 ? 0.2 : 0.9); Feed(b, 16, i % 3 == 0 ? 0.2 : 0.9); }
        Assert.Equal(a.State, b.State);
        Assert.Throws<ArgumentException>(() => new AdaController(new AdaOptions { PMax = 1.5 }));
        Assert.Throws<ArgumentException>(() => new AdaController(new AdaOptions { AdaKimg = 0 }));
    }
}
