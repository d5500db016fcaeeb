using AdaNotebooks.Charts;
using AdaNotebooks.Course;
using AdaNotebooks.Experiments;
using AdaNotebooks.Training;

namespace AdaNotebooks.Tests.Experiments;

/// <summary>A limited-data report over several training seeds: the seed tables, the bands and overlays of the charts,
/// the instrument's floor; and the older one-seed results.json.</summary>
public class LimitedDataSeedsTests
{
    /// <summary>A run whose FD goes from 2 x <paramref name="fd"/> at 10 kimg to <paramref name="fd"/> at 20, with
    /// the given r_t, p and overfitting gap.</summary>
    static LimitedDataRun Run(int size, string method, int seed, double fd, double gap, double p = 0,
        double[]? kimg = null)
    {
        kimg ??= [10, 20];
        var curve = kimg.Select((k, i) => new CurvePoint(k, p * k / kimg[^1], 0.5 + seed * 0.1,
            new Dictionary<string, double> { ["fd"] = fd * (i == kimg.Length - 1 ? 1 : 2), ["kid-r"] = fd / 100 },
            gap * k / kimg[^1])).ToList();
        return new LimitedDataRun(size, method, "bgc", curve, new DOutputs([gap], [0], [-1]), 60, "run", seed,
            Study.Name($"n{size}-{method}", seed));
    }

    /// <summary>500 images, three seeds: noaug FD 100/110/120, ADA 80/90/100 (its worst seed ties the baseline's
    /// best), DiffAugment 50/60/70.</summary>
    static LimitedDataReport ThreeSeeds(IReadOnlyDictionary<string, double>? floor = null) => new(
        new LimitedDataOptions { Sizes = [500], Seeds = [0, 1, 2] }, 1000, "fd", "kid-r",
        new[] { 0, 1, 2 }.SelectMany(s => new[]
        {
            Run(500, "noaug", s, 100 + 10 * s, 1 + s),
            Run(500, "ada", s, 80 + 10 * s, 0.5, p: 0.2 + 0.1 * s),
            Run(500, "diffaug", s, 50 + 10 * s, 0.25),
        }).ToList(), floor);

    [Fact]
    public void TheSeedTableGivesMeanSdAndRangePerCellAndComparesWithNoAugmentation()
    {
        var report = ThreeSeeds();
        var md = report.ToMarkdown();
        Assert.Contains("| 500 | noaug | 3 | 110.0 ± 10.0 | [100.0, 120.0] | 1.10 ± 0.10 | 0.00 | 0.60 ± 0.10 | " +
                        "2.00 ± 1.00 |", md);
        Assert.Contains("| 500 | ada | 3 | 90.0 ± 10.0 | [80.0, 100.0] | 0.90 ± 0.10 | 0.30 | 0.60 ± 0.10 | " +
                        "0.50 ± 0.00 |", md);
        // (110 - 90) / 110 and (110 - 60) / 110; ADA's worst seed (100) ties noaug's best, so not every seed is below.
        // Paired by seed: ADA is 20 below noaug on every seed (best = final here), DiffAugment 50.
        Assert.Contains("| 500 | ada against noaug | 3 against 3 | 90.0 against 110.0 | +18.2 % | no | " +
                        "-20.0 [-20.0, -20.0] | -20.0 [-20.0, -20.0] | 0.0 |", md);
        Assert.Contains("| 500 | diffaug against noaug | 3 against 3 | 60.0 against 110.0 | +45.5 % | yes | " +
                        "-50.0 [-50.0, -50.0] | -50.0 [-50.0, -50.0] | 0.0 |", md);
        int summary = md.IndexOf("training seeds 0, 1, 2.", StringComparison.Ordinal);
        int seeds = md.IndexOf("| fd mean ± sd |", StringComparison.Ordinal);
        int runs = md.IndexOf("| images | method | seed |", StringComparison.Ordinal);
        Assert.True(summary >= 0 && summary < seeds && seeds < runs, md);
    }

    [Fact]
    public void PairsWithSpreadGiveTheirIntervalAndTheRunTableSaysHowEachRunEnded()
    {
        // noaug's FD bottoms out at 10 and climbs (the rule fires at kimg 35); ADA's falls to the end.
        double[] kimg = [5, 10, 15, 20, 25, 30, 35];
        LimitedDataRun Curve(string method, int seed, double[] fd, bool stopped) => new(100, method, "bgc",
            kimg.Select((k, i) => new CurvePoint(k, 0, 0.5, new Dictionary<string, double> { ["fd"] = fd[i] }))
                .ToList(), null, 60, "run", seed, Study.Name($"n100-{method}", seed), Stopped: stopped);
        var runs = new[] { 0, 1 }.SelectMany(s => new[]
        {
            Curve("noaug", s, new double[] { 20, 10, 10, 10, 10, 13, 14 }.Select(v => v + s).ToArray(), true),
            Curve("ada", s, [20, 15, 12, 10, 9, 8, 7 - 2 * s], false),
        }).ToList();
        var report = new LimitedDataReport(new LimitedDataOptions { Sizes = [100], Seeds = [0, 1], Kimg = 300,
                StopRise = 0.1 }, 1000, "fd", "kid-r", runs, null,
            [new MemorisedScores(100, 0, new Dictionary<string, double> { ["fd"] = 8 }),
                new MemorisedScores(100, 1, new Dictionary<string, double> { ["fd"] = 10 })]);
        var md = report.ToMarkdown();
        Assert.Contains("300 kimg is the budget: a run stops once its fd has risen 10 % from its best", md);
        Assert.Contains("fd of the training images themselves (a G that only copies them), mean ± sd over the " +
                        "seeds: 100 images 9.0 ± 1.4.", md);
        // Best FD: noaug 10 and 11, ADA 7 and 5: differences -3 and -6, mean -4.5, sd 2.12, t(1) = 12.706.
        Assert.Contains("| -4.5 [-23.6, +14.6] |", md);
        Assert.Contains("| 100 | noaug | 0 | 35 | 14.0 | 10.0 | 10 | stopped: rose 10 % at kimg 35 |", md);
        Assert.Contains("| 100 | ada | 1 | 35 | 5.0 | 5.0 | 35 | budget: never rose |", md);
    }

    [Fact]
    public void OneSeedKeepsTheReportAsItWas()
    {
        var report = new LimitedDataReport(new LimitedDataOptions(), 1000, "fd", "kid-r",
            [Run(500, "noaug", 0, 100, 1), Run(500, "ada", 0, 80, 0.5)]);
        Assert.False(report.HasSeeds);
        Assert.DoesNotContain("mean ± sd", report.ToMarkdown());
        Assert.All(report.Charts().SelectMany(c => c.Series), s => Assert.False(s.HasBand));
    }

    [Fact]
    public void ChartsOverlayTheMethodsWithTheirMeanAndABandOverSeeds()
    {
        var report = ThreeSeeds(new Dictionary<string, double> { ["fd"] = 12.5, ["kid-r"] = 0.002 });
        var charts = report.Charts().ToList();
        Assert.Equal(4, charts.Count);                                     // FD, r_t, p, the gap
        Assert.All(charts, c => Assert.StartsWith("500 images, overlay: ", c.Title));
        Assert.All(charts, c => Assert.EndsWith("(mean, band = min..max over 3 seeds)", c.Title));
        var fd = charts[0];
        Assert.Equal(["noaug", "ada", "diffaug", "real-image floor"], fd.Series.Select(s => s.Name));
        var noaug = fd.Series[0];
        Assert.Equal([10.0, 20], noaug.X);
        Assert.Equal([220.0, 110], noaug.Y);
        Assert.Equal([200.0, 100], noaug.Low);
        Assert.Equal([240.0, 120], noaug.High);
        Assert.Equal(SeriesKind.Dashed, fd.Series[3].Kind);
        Assert.Equal([12.5, 12.5], fd.Series[3].Y);
        Assert.Contains(charts[1].Series, s => s.Name == "ADA's target 0.6" && s.Kind == SeriesKind.Dashed);
        Assert.Equal([0.15, 0.3], charts[2].Series[1].Y.Select(v => Math.Round(v, 9)));   // ADA's mean p
        Assert.Equal([1.0, 2], charts[3].Series[0].Y);                      // noaug's mean gap per tick
        Assert.Contains("fd floor: 12.5, kid-r floor: 0.00 (1000 real training images against the held-out set).",
            report.Summary());
        Assert.Contains("<polygon class=\"band\"", ChartSvg.Render(fd));
    }

    [Fact]
    public void RunsWithDifferentTicksAreAveragedOnTheKimgTheyShare()
    {
        var band = SeedBand.Mean("ada", [Run(500, "ada", 1, 20, 0, kimg: [10, 15, 20]),
            Run(500, "ada", 0, 10, 0, kimg: [10, 20])], c => c.Metrics["fd"]);
        Assert.Equal([10.0, 20], band.X);
        Assert.Equal([30.0, 15], band.Y);
        Assert.Equal([20.0, 10], band.Low);
    }

    [Fact]
    public void TheCommittedOneSeedResultsStillReadAndShowTheFinalGapPerSeed()
    {
        var report = LimitedDataExperiment.Read(Path.Combine(Repository.RootAbove(AppContext.BaseDirectory), "bench",
            "results", "limited-data-small-100kimg", "results.json"));
        Assert.Null(report.Floor);
        Assert.False(report.HasSeeds);
        Assert.DoesNotContain("floor", report.Summary());
        Assert.Contains("| 100 | ada | 0 | 100 | 119.5 |", report.ToMarkdown());
        var charts = report.Charts().ToList();
        Assert.Equal(8, charts.Count);                                     // two sizes, four charts each
        var gap = charts[3];
        Assert.Contains("at the end, per seed (no per-tick D outputs)", gap.Title);
        Assert.All(gap.Series, s => Assert.Equal(SeriesKind.Markers, s.Kind));
        Assert.Equal(5.19, gap.Series[0].Y[0], 2);
        var floored = report with { Floor = new Dictionary<string, double> { ["fd-resnet18"] = 31.24 } };
        Assert.Contains("fd-resnet18 floor: 31.2 (500 real training images against the held-out set).",
            floored.Summary());
    }
}
