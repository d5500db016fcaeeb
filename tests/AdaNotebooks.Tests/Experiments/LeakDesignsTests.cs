using AdaNotebooks.Course;
using AdaNotebooks.Experiments;
using AdaNotebooks.Tests.Training;
using AdaNotebooks.Training;

namespace AdaNotebooks.Tests.Experiments;

/// <summary>The leak study's designs (fixed, ramp, ada, finetune from the p = 1 run) and its leak trajectories, end
/// to end at toy size (runs of four minibatches), and its plan and reports without training.</summary>
[Collection("global torch RNG")]
public class LeakDesignsTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ada-leak-designs-");
    public void Dispose() => _dir.Delete(true);

    LeakExperimentOptions Options(string data) => new()
    {
        Data = data, Resolution = null, OutDir = Path.Combine(_dir.FullName, "designs"), Kimg = 0.032, Batch = 8,
        Ops = ["rotate90"], Ps = [0.5], Bcr = false, Designs = ["fixed", "ramp", "ada", "finetune"],
        RampKimg = 0.032, FinetuneKimg = 0.032, LeakEvery = 0.016, HeldOut = 16, Samples = 8, ClassifierEpochs = 1,
        Seeds = [0],
    };

    /// <summary>The p = 1 run that the fine-tuning starts from is planned though p = 1 is not among the study's p.
    /// </summary>
    static readonly string[] CellsPerSeed =
    [
        "rotate90-fixed-p0.5", "rotate90-ramp-p0.5", "rotate90-ada", "rotate90-fixed-p1", "rotate90-finetune-p0.5",
    ];

    [Fact]
    public void EveryDesignRunsPerSeedWithItsLeakTrajectoryAndTheStudyResumes()
    {
        var options = Options(TinyRuns.Dataset(_dir.FullName, count: 96));
        var first = LeakExperiment.Run(options);
        Assert.Equal(CellsPerSeed.Select(c => c + "-s0"), first.Results.Select(r => r.Cell));

        // A second seed: the recorded cells are kept as they were, the new seed's cells train (its source first).
        var log = new List<string>();
        var report = LeakExperiment.Run(options with { Seeds = [0, 1] }, log.Add);
        Assert.Contains("5 of 10 cells already recorded; running the other 5", log);
        Assert.Equal(first.Results.Select(r => r.Seconds), report.Results.Take(5).Select(r => r.Seconds));
        Assert.Equal(CellsPerSeed.Select(c => c + "-s0").Concat(CellsPerSeed.Select(c => c + "-s1")),
            report.Results.Select(r => r.Cell));
        var trained = log.Where(l => l.Contains(": training ")).Select(l => l[..l.IndexOf(':')]).ToList();
        Assert.Equal(CellsPerSeed.Select(c => c + "-s1"), trained);

        foreach (var r in report.Results)
        {
            // Every run measured the leak every 0.016 kimg: twice; the last measurement is the final verdict.
            var kimgs = r.Trajectory!.Select(pt => Math.Round(pt.Kimg, 6)).ToList();
            double start = r.Method == "finetune" ? 0.032 : 0;
            Assert.Equal([start + 0.016, start + 0.032], kimgs);
            Assert.Equal(r.Rotated, r.Trajectory![^1].Rotated);
            Assert.All(r.Trajectory!, pt => Assert.InRange(pt.Rotated, 0, 1));
        }
        // The ramp reaches its p after ramp_kimg; fixed and fine-tuned runs hold theirs; ada's p is its own.
        Assert.Equal([0.25, 0.5], report.Results.Single(r => r.Cell == "rotate90-ramp-p0.5-s1").Trajectory!
            .Select(pt => Math.Round(pt.P, 6)));
        Assert.All(report.Results.Where(r => r.Method is "fixed" or "finetune"),
            r => Assert.All(r.Trajectory!, pt => Assert.Equal(r.P, pt.P)));
        var ada = report.Results.Single(r => r.Cell == "rotate90-ada-s0");
        Assert.Equal(ada.Trajectory![^1].P, ada.P);

        // A fine-tuning cell continues its seed's p = 1 run from that run's last snapshot.
        foreach (var tune in report.Results.Where(r => r.Method == "finetune"))
        {
            var source = report.Results.Single(r => r.Cell == $"rotate90-fixed-p1-s{tune.Seed}");
            Assert.Equal(source.RunDir, Path.GetDirectoryName(tune.Source));
            Assert.Equal(Snapshot.FileName(0.032), Path.GetFileName(tune.Source));
            Assert.Equal(0.064, tune.Kimg, 9);
        }
        Assert.All(report.Results.Where(r => r.Method != "finetune"), r => Assert.Null(r.Source));

        var read = LeakExperiment.Read(Path.Combine(options.OutDir, "results.json"));
        Assert.Equal(report.Results.Select(r => r.Trajectory!.Count), read.Results.Select(r => r.Trajectory!.Count));
        Assert.Equal(report.Results.Select(r => r.Source), read.Results.Select(r => r.Source));
        foreach (var design in new[] { "fixed", "ramp", "ada", "finetune" })
            Assert.Contains("<svg", File.ReadAllText(Path.Combine(options.OutDir, $"leak-rotate90-{design}.svg")));
        Assert.Contains("| rotate90 | finetune | 0.5 | 2 |", File.ReadAllText(Path.Combine(options.OutDir,
            "results.md")));
    }

    [Fact]
    public void TheFineTuningCellsNeedTheirSeedsPOneRunWhichIsPlannedOnce()
    {
        var options = new LeakExperimentOptions
        {
            OutDir = "study", Designs = ["fixed", "finetune"], Ps = [0, 0.5, 1], Bcr = false, Seeds = [0, 1],
            LeakEvery = 2,
        };
        var cells = LeakPlan.Cells(options, "train.zip");
        Assert.Equal(["noaug-s0", "rotate90-fixed-p0.5-s0", "rotate90-fixed-p1-s0", "rotate90-finetune-p0-s0",
                      "rotate90-finetune-p0.5-s0", "rotate90-finetune-p1-s0"],
            cells.Where(c => c.Cell.Seed == 0).Select(c => c.Cell.Name));
        foreach (var (cell, what) in cells.Where(c => c.What.Method == "finetune"))
        {
            Assert.Equal([$"rotate90-fixed-p1-s{cell.Seed}"], cell.Needs);
            Assert.Equal(Path.Combine("study", "runs", $"rotate90-fixed-p1-s{cell.Seed}"), cell.Training.Resume);
            Assert.Equal(30, cell.Training.Kimg);   // 20 kimg at p = 1, then 10 more at this p
            Assert.Equal(what.P, cell.Training.P);
        }
        Assert.All(cells, c => Assert.Equal((2.0, 1), (c.Cell.Training.KimgPerTick, c.Cell.Training.MetricTicks)));
    }

    [Fact]
    public void AStudyWithoutDesignsPlansTodaysCellsAndReadsItsCommittedResults()
    {
        var old = LeakExperiment.Read(Path.Combine(Repository.RootAbove(AppContext.BaseDirectory), "bench", "results",
            "leak-rotate90", "results.json"));
        Assert.Equal(["fixed"], old.Options.Designs);
        Assert.All(old.Results, r => Assert.Null(r.Trajectory));
        var cells = LeakPlan.Cells(old.Options with { OutDir = "x" }, "train.zip");
        Assert.Equal(["noaug-s0", "rotate90-fixed-p0.5-s0", "rotate90-fixed-p0.8-s0", "rotate90-fixed-p0.9-s0",
                      "rotate90-fixed-p1-s0", "rotate90-bcr-p1-s0"], cells.Select(c => c.Cell.Name));
        Assert.All(cells, c => Assert.Equal((2.0, 0), (c.Cell.Training.KimgPerTick, c.Cell.Training.MetricTicks)));
        Assert.Empty(LeakDesignReport.Charts(old));
        // Its run without augmentation read 2.5 % at 20 kimg, within floor (2.8 %) + 5 points: readable.
        Assert.Contains("| rotate90 | fixed | 0.8 | 1 | 78.6 % | 1 of 1 | 95.2 % | 2.8 % |", old.ToMarkdown());
    }

    [Fact]
    public void AReadingIsReadableOnlyWhereTheSameSeedsRunWithoutAugmentationReadsNearTheFloor()
    {
        LeakResult Run(string op, string method, double p, int seed, double kimg, double rotated,
            List<LeakPoint>? path = null) =>
            new(op, method, p, rotated, [1 - rotated, rotated, 0, 0], 0, kimg, 60, "runs/x", seed,
                $"{op}-{method}-p{p}-s{seed}", path);
        var report = new LeakReport(new LeakExperimentOptions { Ps = [0, 1], Designs = ["fixed", "finetune"] },
            0.95, 0.03, 0,
            [
                Run("none", "fixed", 0, 0, 20, 0.07, [new LeakPoint(10, 0, 0.5, 0), new LeakPoint(20, 0, 0.07, 0)]),
                Run("none", "fixed", 0, 1, 20, 0.30),
                Run("rotate90", "fixed", 1, 0, 20, 0.9), Run("rotate90", "fixed", 1, 1, 20, 0.2),
                Run("rotate90", "fixed", 1, 2, 20, 0.5), Run("rotate90", "finetune", 0.5, 0, 30, 0.4),
                Run("rotate90", "fixed", 0.5, 0, 10, 0.4),
            ], 1000);
        bool? R(int i) => LeakDesignReport.Readable(report, report.Results[i], "rotate90");
        Assert.True(R(2));    // seed 0 without augmentation: 7 % at 20 kimg, floor 3 % + 5 points
        Assert.False(R(3));   // seed 1: 30 %
        Assert.Null(R(4));    // seed 2 has no run without augmentation
        Assert.Null(R(5));    // the fine-tuning ends at 30 kimg, past the reference run
        Assert.False(R(6));   // at 10 kimg seed 0's reference still read 50 %
        Assert.Contains("| rotate90 | fixed | 1 | 3 | 53.3 ± 35.1 % | 1 of 2 |", report.ToMarkdown());
        Assert.Contains("| rotate90 | finetune | 0.5 | 1 | 40.0 % | cannot tell |", report.ToMarkdown());
    }

    [Fact]
    public void TheFinalLeakIsMeanAndSampleSdOverSeeds()
    {
        Assert.Equal("20.0 ± 10.0 %", LeakDesignReport.MeanSd([0.1, 0.2, 0.3]));
        Assert.Equal("30.0 %", LeakDesignReport.MeanSd([0.3]));
    }


    /// <summary>The probe's reading on G's images without augmentation is the floor a design's trajectory sits on
    /// while G's images are not yet real-looking: every design's chart draws it (the fixed design's has it as p = 0).
    /// </summary>
    [Fact]
    public void EveryDesignsChartDrawsTheRunWithoutAugmentation()
    {
        List<LeakPoint> Path(double p, params double[] rotated) =>
            rotated.Select((r, i) => new LeakPoint(i + 1, p, r, 0)).ToList();
        LeakResult Run(string op, string method, double p, int seed, List<LeakPoint> path) =>
            new(op, method, p, path[^1].Rotated, [1 - path[^1].Rotated, path[^1].Rotated, 0, 0], 0, 2, 60,
                $"runs/{op}-{method}-s{seed}", seed, $"{op}-{method}-p{p}-s{seed}", path);
        var report = new LeakReport(new LeakExperimentOptions { Ps = [0, 0.8], Designs = ["fixed", "ramp"] }, 0.95,
            0.03, 0, [
                Run("none", "fixed", 0, 0, Path(0, 0.5, 0.1)), Run("none", "fixed", 0, 1, Path(0, 0.3, 0.1)),
                Run("rotate90", "fixed", 0.8, 0, Path(0.8, 0.6, 0.5)),
                Run("rotate90", "ramp", 0.8, 0, Path(0.8, 0.5, 0.7)),
            ], 1000);
        var charts = LeakDesignReport.Charts(report).ToDictionary(c => c.Design, c => c.Chart);
        var ramp = charts["ramp"].Series.Single(s => s.Name.StartsWith("no augmentation"));
        Assert.Equal([0.4, 0.1], ramp.Y.Select(y => Math.Round(y, 6)));
        Assert.Single(charts["fixed"].Series, s => s.Name.StartsWith("p = 0 ("));
        Assert.DoesNotContain(charts["fixed"].Series, s => s.Name.StartsWith("no augmentation"));
    }
}
