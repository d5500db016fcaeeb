using System.Globalization;
using AdaNotebooks.Charts;

namespace AdaNotebooks.Experiments;

/// <summary>The study's charts: per training-set size one overlay of the methods (FD, r_t, p and the overfitting gap
/// against kimg), then the category study's bars.</summary>
public sealed partial record LimitedDataReport
{
    /// <summary>Per size the overlay of the methods (<see cref="Overlay"/>), then the final FD by augmentation
    /// category.</summary>
    public IEnumerable<Chart> Charts()
    {
        var methodRuns = Runs.Where(r => r.Preset == Options.Preset || r.Method != "ada")
            .Where(r => Options.Sizes.Contains(r.Size) && Options.Methods.Contains(r.Method)).ToList();
        foreach (var size in Options.Sizes)
            foreach (var chart in Overlay(size, methodRuns.Where(r => r.Size == size).ToList()))
                yield return chart;
        if (CategoryBars() is { } bars) yield return bars;
        foreach (var chart in CategorySweep()) yield return chart;
    }

    /// <summary>The fixed-p category sweep (the paper's Figure 4): final FD against p, one line per category (mean
    /// over seeds), no augmentation dashed; with several seeds, then one panel per category with a band from the
    /// lowest to the highest seed beside the baseline's. Nothing without a sweep.</summary>
    IEnumerable<Chart> CategorySweep()
    {
        var sweep = Runs.Where(r => r.Size == Options.CategorySize && r.FixedP is not null
            && Options.Categories.Contains(r.Preset)).GroupBy(r => r.Preset).ToList();
        if (sweep.Count == 0) yield break;
        var baseline = Spread.Of(Runs.Where(r => r.Size == Options.CategorySize && r.Method == "noaug")
            .Select(r => r.Final(Fd)));
        double p0 = Options.CategoryPs.Min(), p1 = Options.CategoryPs.Max();
        var level = Series.Level("no augmentation", baseline.Mean, p0, p1);
        int seeds = sweep.SelectMany(g => g).GroupBy(r => (r.Preset, r.FixedP)).Max(g => g.Count());
        string images = $"{Options.CategorySize:N0} images";
        var means = sweep.Select(g => SweepLine(g.Key, g, band: false)).ToList();
        if (baseline.N > 0) means.Add(level);
        yield return new Chart($"Final {Fd} against a fixed p per category, {images}" +
                               (seeds > 1 ? $", mean over {seeds} seeds" : ""), means, "p", Fd);
        if (seeds < 2) yield break;
        foreach (var g in sweep)
        {
            var panel = new List<Series> { SweepLine(g.Key, g, band: true) };
            if (baseline.N > 0)
                panel.Add(baseline.N > 1 ? level.WithBand([baseline.Min, baseline.Min], [baseline.Max, baseline.Max])
                    : level);
            yield return new Chart($"{g.Key} at a fixed p, {images}: final {Fd} (mean, band = min..max over " +
                                   $"{seeds} seeds)", panel, "p", Fd);
        }
    }

    /// <summary>One category's final FD against its fixed p: the mean over seeds, optionally with the seeds'
    /// range as a band.</summary>
    Series SweepLine(string name, IEnumerable<LimitedDataRun> runs, bool band)
    {
        var points = runs.GroupBy(r => r.FixedP!.Value).OrderBy(p => p.Key)
            .Select(p => (P: p.Key, S: Spread.Of(p.Select(r => r.Final(Fd))))).ToList();
        var line = new Series(name, points.Select(p => p.P).ToList(), points.Select(p => p.S.Mean).ToList());
        return band ? line.WithBand(points.Select(p => p.S.Min).ToList(), points.Select(p => p.S.Max).ToList()) : line;
    }

    /// <summary>One size's methods in one set of charts that share the kimg axis: FD (with the instrument's floor
    /// dashed), r_t (with ADA's target dashed), p, and D(train) - D(validation). With several seeds each method is
    /// its mean over seeds with a band from the lowest to the highest seed. Curves recorded without per-tick D outputs
    /// show the final gap instead, one marker per seed.</summary>
    public IEnumerable<Chart> Overlay(int size, IReadOnlyList<LimitedDataRun> runs)
    {
        if (runs.Count == 0) yield break;
        var cells = runs.GroupBy(r => r.Label).Select(g => (Label: g.Key, Runs: g.ToList())).ToList();
        int seeds = cells.Max(c => c.Runs.Count);
        string band = seeds > 1 ? $" (mean, band = min..max over {seeds} seeds)" : "";
        string head = $"{(size == 0 ? "all " : "")}{Images(size)} images, overlay: ";
        var kimg = runs.SelectMany(r => r.Curve).Select(c => c.Kimg).DefaultIfEmpty(0).ToList();
        double x0 = kimg.Min(), x1 = kimg.Max();
        List<Series> Lines(Func<CurvePoint, double?> y) =>
            cells.Select(c => SeedBand.Mean(c.Label, c.Runs, y)).ToList();

        var fd = Lines(c => c.Metrics.TryGetValue(Fd, out var v) ? v : null);
        if (Floor is { } floor && floor.TryGetValue(Fd, out var level))
            fd.Add(Series.Level("real-image floor", level, x0, x1));
        yield return new Chart($"{head}{Fd} against kimg{band}", fd, "kimg", Fd);
        yield return new Chart($"{head}r_t against kimg{band}",
            [.. Lines(c => c.Rt), Series.Level("ADA's target 0.6", 0.6, x0, x1)], "kimg", "r_t");
        yield return new Chart($"{head}p against kimg{band}", Lines(c => c.P), "kimg", "p");
        if (runs.All(r => r.Curve.Any(c => c.Gap.HasValue)))
            yield return new Chart($"{head}D(train) - D(validation) against kimg{band}", Lines(c => c.Gap), "kimg",
                "D(train) - D(validation)");
        else if (runs.Any(r => r.FinalDOutputs?.OverfitGap is not null))
            yield return new Chart($"{head}D(train) - D(validation) at the end, per seed (no per-tick D outputs)",
                cells.Select(c => new Series(c.Label, c.Runs.Select(r => (double)r.Seed).ToList(),
                    c.Runs.Select(r => r.FinalDOutputs?.OverfitGap ?? double.NaN).ToList(), SeriesKind.Markers))
                    .ToList(), "seed", "D(train) - D(validation)");
    }

    /// <summary>Final FD of ADA with each augmentation category alone (mean over seeds), after no augmentation; null
    /// without a category study.</summary>
    Chart? CategoryBars()
    {
        var categories = Runs.Where(r => r.Size == Options.CategorySize && r.Method == "ada"
            && Options.Categories.Contains(r.Preset)).GroupBy(r => r.Preset).ToList();
        if (categories.Count == 0) return null;
        var baseline = Runs.Where(r => r.Size == Options.CategorySize && r.Method == "noaug")
            .GroupBy(r => "none").ToList();
        var bars = baseline.Concat(categories).ToList();
        int seeds = bars.Max(b => b.Count());
        return new Chart($"Final {Fd} by augmentation category, {Options.CategorySize:N0} images (ADA)" +
                         (seeds > 1 ? $", mean over {seeds} seeds" : ""),
            [new Series(Fd, Enumerable.Range(0, bars.Count).Select(i => (double)i).ToList(),
                bars.Select(b => Spread.Of(b.Select(r => r.Final(Fd))).Mean).ToList(), SeriesKind.Bars)],
            string.Join(" | ", bars.Select((b, i) => $"{i}: {b.Key}")), Fd);
    }
}
