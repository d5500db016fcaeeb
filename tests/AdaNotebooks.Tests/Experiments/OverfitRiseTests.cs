using AdaNotebooks.Experiments;
using AdaNotebooks.Training;
using AdaNotebooks.Tests.Training;

namespace AdaNotebooks.Tests.Experiments;

/// <summary>The limited-data studies' stop rule (the FD has risen from its best, read through a 3-evaluation mean,
/// twice in a row) and an experiment run that ends when it fires.</summary>
[Collection("global torch RNG")]
public class OverfitRiseTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ada-rise-");
    public void Dispose() => _dir.Delete(true);

    static List<(double Kimg, double Value)> Curve(params double[] fd) =>
        fd.Select((v, i) => (5.0 * (i + 1), v)).ToList();

    [Fact]
    public void FiresWhenTheMeanReadingStaysAboveTheBestTwiceInARow()
    {
        // Readings (3-point means): 10, 10, 10, 11, 12 -> 11 >= 1.1 x 10 at kimg 30 and 12 at kimg 35.
        var rising = Curve(10, 10, 10, 10, 10, 13, 14);
        Assert.Equal(35, OverfitRise.Kimg(rising, 0.1));
        // The same rise held for one reading only, then back: never.
        Assert.Null(OverfitRise.Kimg(Curve(10, 10, 10, 10, 10, 13, 8, 9, 10), 0.1));
        // A single evaluation twice the best lifts two readings by a third each, but not three in a row above 20 %.
        Assert.Null(OverfitRise.Kimg(Curve(10, 10, 10, 20, 10, 10, 10), 0.4));
        Assert.Equal([(15.0, 10.0), (20, 40.0 / 3)], OverfitRise.Readings(Curve(10, 10, 10, 20)));
        Assert.Null(OverfitRise.Kimg(Curve(10, 30), 0.1));   // fewer evaluations than one reading needs
        Assert.Throws<ArgumentOutOfRangeException>(() => OverfitRise.Kimg(rising, 0));
    }

    [Fact]
    public void AYoungGansJumpIsNotOverfittingButTheLaterClimbIs()
    {
        // fd-fmnist every 5 kimg of a 100-image baseline (seed 0) to 200 kimg: 42 -> 53 by 10 kimg, best 26.5 at
        // 150, then up to 37 by 195.
        var fd = Curve(42.2, 52.6, 52.6, 52.4, 44.9, 50.0, 53.0, 50.9, 46.6, 35.8, 33.4, 35.0, 36.0, 36.3, 37.4, 32.6,
            29.8, 31.3, 31.3, 33.0, 32.7, 33.1, 30.5, 30.4, 30.1, 29.1, 29.1, 28.9, 28.1, 26.5, 26.6, 27.1, 27.8, 28.4,
            29.2, 30.8, 32.7, 34.9, 37.0, 35.5);
        Assert.Equal(185, OverfitRise.Kimg(fd, 0.1));
        // Read one evaluation at a time, the same rule would have stopped the run at its first jump.
        var best = double.PositiveInfinity;
        var firstAbove = fd.First(p => (best = Math.Min(best, p.Value)) * 1.1 <= p.Value);
        Assert.Equal(10, firstAbove.Kimg);
    }

    [Fact]
    public void AWarmUpKeepsTheFirstEvaluationsOutOfTheRule()
    {
        // ADA on 100 images (seed 0): its FD at 5 kimg, of images not yet formed, is the lowest of the first 30 kimg.
        double[] fd = [42.7, 53.6, 50.8, 54.1, 60.6, 55.1, 50.2, 45.0, 41.3, 38.0, 36.2, 35.5];
        var run = new LimitedDataRun(100, "ada", "bgc", fd.Select((v, i) => new CurvePoint(5.0 * (i + 1), 0.1, 0.6,
            new Dictionary<string, double> { ["fd"] = v })).ToList(), null, 60, "run");
        Assert.Equal(30, run.Rise("fd", 0.1));
        Assert.Null(run.Rise("fd", 0.1, from: 35));
        Assert.Throws<ArgumentException>(() => new LimitedDataOptions { Kimg = 100, StopFrom = 100 }.Validate());
    }

    [Fact]
    public void AStoppedRunEndsAtItsSnapshotAndStaysStoppedWhenContinued()
    {
        var data = TinyRuns.Dataset(_dir.FullName);
        var options = TinyRuns.Options(data, Path.Combine(_dir.FullName, "cell"), kimg: 0.064) with
        {
            KimgPerTick = 0.008,
        };
        var (events, nimg, _) = ExperimentRun.Train(options, t => t.Nimg, stop: e => e.Count >= 2);
        Assert.Equal(2, events.Count);
        Assert.False(events[^1].Done);
        Assert.Equal(16, nimg);
        Assert.NotNull(events[^1].SnapshotPath);
        Assert.True(File.Exists(Path.Combine(options.OutDir, "report.html")));
        // Run again with the rule still met: it continues from the snapshot and trains nothing more.
        var (again, nimgAgain, _) = ExperimentRun.Train(options, t => t.Nimg, stop: e => e.Count >= 2);
        Assert.Equal(2, again.Count);
        Assert.Equal(16, nimgAgain);
        // Without the rule the same run goes on to its budget.
        var (all, end, _) = ExperimentRun.Train(options, t => t.Nimg);
        Assert.Equal(8, all.Count);
        Assert.True(all[^1].Done);
        Assert.Equal(64, end);
    }
}
