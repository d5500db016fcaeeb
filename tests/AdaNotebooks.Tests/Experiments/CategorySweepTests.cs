using AdaNotebooks.Experiments;
using AdaNotebooks.Training;

namespace AdaNotebooks.Tests.Experiments;

/// <summary>The category study at fixed p (the paper's Figure 4): its cells, its chart and its validation.</summary>
public class CategorySweepTests
{
    static readonly LimitedDataOptions Sweep = new()
    {
        Sizes = [200], Methods = ["noaug", "ada"], Categories = ["blit", "geom"], CategorySize = 200,
        CategoryPs = [0.2, 0.8],
    };

    [Fact]
    public void EachCategoryRunsAtEachFixedPBesideTheComparison()
    {
        var cells = LimitedDataExperiment.Cells(Sweep);
        Assert.Equal(
        [
            (200, "noaug", "bgc", (double?)null), (200, "ada", "bgc", null),
            (200, "fixed", "blit", 0.2), (200, "fixed", "blit", 0.8), (200, "fixed", "geom", 0.2),
            (200, "fixed", "geom", 0.8),
        ], cells);
        var adaChooses = LimitedDataExperiment.Cells(Sweep with { CategoryPs = [] });
        Assert.Contains((200, "ada", "blit", (double?)null), adaChooses);
        Assert.DoesNotContain(adaChooses, c => c.Method == "fixed");
    }

    static LimitedDataRun Run(string method, string preset, double? p, int seed, double fd) =>
        new(200, method, preset, [new CurvePoint(10, p ?? 0, 0.6, new Dictionary<string, double> { ["fd"] = fd })],
            null, 60, "run", seed, "cell", p);

    [Fact]
    public void TheSweepChartsFinalFdAgainstPPerCategoryWithTheBaselineDashedAndOnePanelPerCategoryWithSeedBands()
    {
        var runs = new List<LimitedDataRun> { Run("noaug", "bgc", null, 0, 100), Run("noaug", "bgc", null, 1, 110) };
        foreach (var seed in new[] { 0, 1 })
        {
            runs.Add(Run("fixed", "blit", 0.2, seed, 90 + seed));
            runs.Add(Run("fixed", "blit", 0.8, seed, 70 + seed));
            runs.Add(Run("fixed", "geom", 0.2, seed, 95 + seed));
            runs.Add(Run("fixed", "geom", 0.8, seed, 120 + seed));
        }
        var report = new LimitedDataReport(Sweep, 1000, "fd", "kid", runs);
        var chart = Assert.Single(report.Charts(), c => c.Title.Contains("fixed p per category"));
        Assert.Contains("mean over 2 seeds", chart.Title);
        var blit = Assert.Single(chart.Series, s => s.Name == "blit");
        Assert.Equal([0.2, 0.8], blit.X);
        Assert.Equal([90.5, 70.5], blit.Y);
        var baseline = Assert.Single(chart.Series, s => s.Name == "no augmentation");
        Assert.All(baseline.Y, y => Assert.Equal(105, y));
        Assert.Contains("| blit at p = 0.8 |", report.ToMarkdown());

        // With two seeds, one panel per category: the seeds' range as a band, the baseline's range beside it.
        var geom = Assert.Single(report.Charts(), c => c.Title.StartsWith("geom at a fixed p")).Series;
        Assert.Equal([95.5, 120.5], geom[0].Y);
        Assert.Equal([95.0, 120.0], geom[0].Low);
        Assert.Equal([96.0, 121.0], geom[0].High);
        Assert.Equal("no augmentation", geom[1].Name);
        Assert.Equal([100.0, 100.0], geom[1].Low);
        Assert.Equal([110.0, 110.0], geom[1].High);

        // One seed: the overview alone, no panels (a band of one value would show nothing).
        var oneSeed = new LimitedDataReport(Sweep, 1000, "fd", "kid", runs.Where(r => r.Seed == 0).ToList());
        Assert.DoesNotContain(oneSeed.Charts(), c => c.Title.Contains("at a fixed p,"));
    }

    [Fact]
    public void FixedPsNeedCategoriesAndPInRange()
    {
        Assert.Contains("needs --categories",
            Assert.Throws<ArgumentException>(() => (Sweep with { Categories = [] }).Validate()).Message);
        Assert.Contains("--category-ps 1.5",
            Assert.Throws<ArgumentException>(() => (Sweep with { CategoryPs = [1.5] }).Validate()).Message);
    }
}
