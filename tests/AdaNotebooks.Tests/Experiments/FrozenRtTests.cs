using AdaNotebooks.Experiments;
using AdaNotebooks.Training;
using AdaNotebooks.Tests.Training;

namespace AdaNotebooks.Tests.Experiments;

/// <summary>r_t(p) on a frozen D: the images a snapshot trained on, the changed/unchanged split, the crossing
/// p.</summary>
[Collection("global torch RNG")]
public class FrozenRtTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ada-frozen-");
    public void Dispose() => _dir.Delete(true);

    [Fact]
    public void AFrozenDReadsItsOwnTrainingImagesAtEachP()
    {
        var source = TinyRuns.Dataset(_dir.FullName, count: 64);
        var data = ExperimentData.Prepare(source, null, null, 16, Path.Combine(_dir.FullName, "split"));
        var options = TinyRuns.Options(data.TrainZip, Path.Combine(_dir.FullName, "run"), kimg: 0.016) with
        {
            Subset = 12, Validation = 8, Augment = AugmentMode.NoAug,
        };
        using (var trainer = new Trainer(options))
        {
            trainer.Run();
            // The subset the experiment rebuilds from the snapshot's options is the one the run trained on.
            var rebuilt = LimitedDataFloor.TrainingSubset(data.Train, options.Subset, options.Seed, options.Validation);
            using var a = rebuilt.ToTensor();
            using var b = trainer.Train.ToTensor();
            Assert.Equal(b.shape, a.shape);
            Assert.True(a.eq(b).all().item<bool>());
        }
        var report = FrozenRt.Run(new FrozenRtOptions
        {
            Data = source, Resolution = null, HeldOut = 16, Snapshots = [options.OutDir], Ps = [0, 0.05, 1], Draws = 4,
            OutDir = Path.Combine(_dir.FullName, "frozen"),
        });
        var curve = Assert.Single(report.Curves);
        Assert.Equal((12, "noaug", "run"), (curve.TrainingImages, curve.Method, curve.Label));
        Assert.All(curve.Points, q => Assert.Equal(48, q.Images));
        Assert.Equal(0, curve.Points[0].ChangedShare);
        Assert.Null(curve.Points[0].RtChanged);
        Assert.InRange(curve.Points[2].ChangedShare, 0.95, 1);
        Assert.InRange(curve.Points[1].ChangedShare, 0.1, 0.9);   // bgc: each of its ops gated by p = 0.05
        // r_t is the share-weighted mean of its two parts.
        foreach (var q in curve.Points.Where(q => q.RtChanged is not null && q.RtUnchanged is not null))
            Assert.Equal(q.Rt, q.ChangedShare * q.RtChanged!.Value + (1 - q.ChangedShare) * q.RtUnchanged!.Value, 9);
        Assert.InRange(curve.HeldOutSign, -1, 1);
        report.Write();
        Assert.Contains("| run | 0.05 |", File.ReadAllText(Path.Combine(_dir.FullName, "frozen", "results.md")));
    }

    [Fact]
    public void TheCrossingIsInterpolatedAndKeptCompares()
    {
        var curve = new FrozenRtCurve("d", "s.zip", 100, "noaug", 100, 0, 0, 0.2,
        [
            new FrozenRtPoint(0, 100, 0, 1.0, null, 1.0), new FrozenRtPoint(0.1, 100, 0.5, 0.8, 0.6, 1.0),
            new FrozenRtPoint(0.2, 100, 0.8, 0.4, 0.25, 1.0),
        ]);
        Assert.Equal(0.15, curve.Crossing(0.6)!.Value, 9);
        Assert.Null(curve.Crossing(0.3));
        Assert.Equal(0.5, curve.Kept(curve.Points[1])!.Value, 9);     // (0.6 - 0.2) / (1 - 0.2)
        Assert.Null(curve.Kept(curve.Points[0]));
    }
}
