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
        if (CategorySweep() is { } sweep) yield return sweep;
    }

    /// <summary>The fixed-p category sweep (the paper's Figure 4): final FD against p, one line per category (mean
    /// over seeds), no augmentation dashed; null without one.</summary>
    Chart? CategorySweep()
    {
        var sweep = Runs.Where(r => r.Size == Options.CategorySize && r.FixedP is not null
            && Options.Categories.Contains(r.Preset)).GroupBy(r => r.Preset).ToList();
        if (sweep.Count == 0) return null;
        var series = sweep.Select(g =>
        {
            var points = g.GroupBy(r => r.FixedP!.Value).OrderBy(p => p.Key).ToList();
            return new Series(g.Key, points.Select(p => p.Key).ToList(),
                points.Select(p => Spread.Of(p.Select(r => r.Final(Fd))).Mean).ToList());
        }).ToList();
        var baseline = Runs.Where(r => r.Size == Options.CategorySize && r.Method == "noaug").ToList();
        if (baseline.Count > 0)
            series.Add(Series.Level("no augmentation", Spread.Of(baseline.Select(r => r.Final(Fd))).Mean,
                Options.CategoryPs.Min(), Options.CategoryPs.Max()));
        int seeds = sweep.SelectMany(g => g).GroupBy(r => (r.Preset, r.FixedP)).Max(g => g.Count());
        return new Chart($"Final {Fd} against a fixed p per category, {Options.CategorySize:N0} images" +
                         (seeds > 1 ? $", mean over {seeds} seeds" : ""), series, "p", Fd);
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
