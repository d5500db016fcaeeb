using AdaNotebooks.Experiments;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Experiments;

/// <summary>The leak readout that abstains: the classifier's confidence gate and equivariance check, and the
/// classifier-free elongation reading beside it.</summary>
[Collection("global torch RNG")]
public class LeakReadoutTests
{
    [Fact]
    public void TheGatedReadingJudgesOrientedImagesAndTheEquivarianceCheckFailsOnImagesWithoutAnOrientation()
    {
        using var scope = NewDisposeScope();
        var images = ExperimentTests.BarImages();
        using var classifier = OrientationClassifier.Train(images.narrow(0, 0, 48), images.narrow(0, 48, 16),
            epochs: 30, batch: 16, seed: 1);
        var turned = classifier.Read(images.narrow(0, 48, 16).rot90(1, (2, 3)));
        Assert.True(turned.Judged > 0.9 && turned.Rotated > 0.9 && turned.Shares[1] > 0.9,
            $"judged {turned.Judged}, rotated {turned.Rotated}, k = 1 {turned.Shares[1]}");
        Assert.True(turned.Equivariance > 0.9, $"equivariance {turned.Equivariance}");
        Assert.True(classifier.HeldOutReading.Rotated < 0.1, $"gated floor {classifier.HeldOutReading.Rotated}");
        // A flat image looks the same at every turn, so its predicted turn cannot move with the image: 0 agreement.
        var flat = classifier.Read(zeros(8, 1, 8, 8));
        Assert.Equal(0, flat.Equivariance);
        // A gate no prediction reaches judges nothing and reads no share.
        var none = classifier.Read(images.narrow(0, 48, 16), confidence: 1.01);
        Assert.Equal(0, none.Judged);
        Assert.True(double.IsNaN(none.Rotated));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void AQuarterTurnNegatesTheElongationAndAHalfTurnKeepsIt(int seed)
    {
        using var scope = NewDisposeScope();
        var reals = rand(32, 1, 12, 12, generator: new Generator((ulong)seed)).mul(2).sub(1);
        var probe = new ElongationProbe(reals, new InversionProbe(reals));
        var e = probe.Elongation(reals);
        var quarter = probe.Elongation(reals.rot90(1, (2, 3)));
        var half = probe.Elongation(reals.rot90(2, (2, 3)));
        for (int i = 0; i < e.Length; i++)
        {
            Assert.Equal(-e[i], quarter[i], 9);
            Assert.Equal(e[i], half[i], 9);
        }
    }

    /// <summary>Upright tall bars on black: none is wide, so the wide share of a set with a share q turned by a quarter
    /// turn reads q; a set as often wide as tall cannot tell.</summary>
    [Fact]
    public void TheElongationReadsTheShareTurnedByAQuarterTurn()
    {
        using var scope = NewDisposeScope();
        var bars = full(new long[] { 20, 1, 12, 12 }, -1f);
        for (int i = 0; i < 20; i++) bars[i, 0].narrow(1, 4 + i % 3, 2).fill_(1f);   // columns 4-8, all rows
        var probe = new ElongationProbe(bars, new InversionProbe(bars));
        Assert.Equal(0, probe.RealWideShare);
        Assert.All(probe.Elongation(bars), v => Assert.True(v > 0.5, $"elongation {v}"));
        var generated = cat([bars.narrow(0, 0, 6).rot90(1, (2, 3)), bars.narrow(0, 6, 4).rot90(3, (2, 3)),
            bars.narrow(0, 10, 10).rot90(2, (2, 3))]);
        Assert.Equal(0.5, probe.Wide(generated), 9);
        Assert.Equal(0.5, ElongationProbe.QuarterTurned(probe.Wide(generated), probe.RealWideShare), 9);
        Assert.True(double.IsNaN(ElongationProbe.QuarterTurned(0.3, 0.45)));
        Assert.Equal(0.25, ElongationProbe.QuarterTurned(0.35, 0.2), 9);   // (0.35 - 0.2) / (1 - 0.4)
    }

    /// <summary>A study with the gate reads the leak and the floor among the judged images; one made before it reads
    /// them over all images.</summary>
    [Fact]
    public void TheLeakAndItsFloorAreTheGatedOnesWhereTheGateWasApplied()
    {
        var gated = new OrientationReading(0.5, 0.2, [0.8, 0.1, 0.05, 0.05], 0.9);
        var run = new LeakResult("rotate90", "fixed", 0.8, 0.6, [0.4, 0.2, 0.2, 0.2], 0, 20, 60, "runs/a",
            Orientation: gated);
        var old = run with { Orientation = null };
        Assert.Equal(0.2, run.LeakOf("rotate90"));
        Assert.Equal(0.2, run.Leak);
        Assert.Equal(0.6, old.LeakOf("rotate90"));
        var options = new LeakExperimentOptions();
        var report = new LeakReport(options, 0.9, 0.04, 0, [run], 100, new OrientationReading(0.95, 0.01, [], 0.97),
            0.3);
        Assert.Equal(0.01, LeakDesignReport.Floor(report, "rotate90"));
        Assert.Equal(0.04, LeakDesignReport.Floor(report with { ClassifierHeldOut = null }, "rotate90"));
        Assert.Contains("| 60.0 % (40 % / 20 % / 20 % / 20 %) | 50.0 % | 20.0 % (80 % / 10 % / 5 % / 5 %) | 90.0 % |",
            report.Table().ToMarkdown());
    }

    /// <summary>A run is readable only where the same seed's run without augmentation reads at the floor and the
    /// gate can judge the run's own images: most of them judged, and predictions that turn with the image.</summary>
    [Fact]
    public void ARunWhoseImagesTheGateCannotJudgeIsNotReadable()
    {
        LeakResult Run(string op, double p, OrientationReading reading, double wide) =>
            new(op, "fixed", p, reading.Rotated, [1 - reading.Rotated, reading.Rotated, 0, 0], 0, 20, 60,
                $"runs/{op}-{p}", Orientation: reading, Wide: wide);
        var noaug = Run("none", 0, new OrientationReading(0.75, 0.0, [1, 0, 0, 0], 0.91), 0.11);
        var formed = Run("rotate90", 0.5, new OrientationReading(0.7, 0.3, [0.7, 0.3, 0, 0], 0.9), 0.2);
        var unjudged = Run("rotate90", 0.8, new OrientationReading(0.21, 1.0, [0, 0, 0.26, 0.74], 0.9), 0.02);
        var unturned = Run("rotate90", 1, new OrientationReading(0.8, 0.9, [0.1, 0.9, 0, 0], 0.65), 0.02);
        var report = new LeakReport(new LeakExperimentOptions { Ps = [0, 0.5, 0.8, 1], Bcr = false }, 0.95, 0.03, 0,
            [noaug, formed, unjudged, unturned], 1000, new OrientationReading(0.87, 0.0, [1, 0, 0, 0], 0.95), 0.32);
        Assert.True(LeakDesignReport.Readable(report, formed, "rotate90"));
        Assert.False(LeakDesignReport.Readable(report, unjudged, "rotate90"));
        Assert.False(LeakDesignReport.Readable(report, unturned, "rotate90"));
        Assert.False(LeakDesignReport.Readable(report with { Results = [noaug with { Orientation =
            new OrientationReading(0.75, 0.2, [0.8, 0.2, 0, 0], 0.91) }, formed] }, formed, "rotate90"));
        // Elongation against G's own shapes without augmentation: w_0 = 0.11, so w = 0.2 reads (0.2 - 0.11) / 0.78.
        Assert.Equal(0.09 / 0.78, LeakDesignReport.QuarterTurnsByElongation(report, formed), 9);
        Assert.Equal(0, LeakDesignReport.QuarterTurnsByElongation(report, noaug), 9);
    }
}
