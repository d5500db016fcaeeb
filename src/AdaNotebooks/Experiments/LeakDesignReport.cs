using System.Globalization;
using AdaNotebooks.Charts;

namespace AdaNotebooks.Experiments;

/// <summary>The leak study by design: the leak against kimg per (op, design), one line per p (the mean over seeds,
/// each seed's points as markers, the probe's floor as a horizontal line), and the final leak per (op, design, p)
/// as mean ± sd over seeds.</summary>
public static class LeakDesignReport
{
    /// <summary>The probe's floor for an op: the share of real images it calls transformed (for rotate90 among the
    /// images its gate judges, where the study applied the gate).</summary>
    public static double Floor(LeakReport report, string op) =>
        op == "rotate90" ? report.ClassifierHeldOut?.Rotated ?? report.ClassifierRotatedShare
            : report.InversionRealShare;

    /// <summary>The op's runs (the shared p = 0 run counts for every op) grouped by design and p; an ada run's p is
    /// its own, so ada is one group.</summary>
    static IEnumerable<((string Method, double? P) Key, List<LeakResult> Runs)> Groups(LeakReport report, string op)
        => report.Results.Where(r => r.Op == op || r.Op == "none")
            .GroupBy(r => (r.Method, r.Method == "ada" ? (double?)null : r.P))
            .OrderBy(g => Order(g.Key.Method)).ThenBy(g => g.Key.Item2)
            .Select(g => ((g.Key.Method, g.Key.Item2), g.ToList()));

    static int Order(string method) => LeakPlan.Designs.Contains(method) ? LeakPlan.Designs.ToList().IndexOf(method)
        : LeakPlan.Designs.Count;

    static string Num(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Points a no-augmentation reading may stand above the probe's floor for the probe to judge G's
    /// images at that kimg.</summary>
    public const double ReadableMargin = 0.05;

    /// <summary>Share of a run's images the classifier's gate must judge for its gated reading to count.</summary>
    public const double MinimumJudged = 0.5;

    /// <summary>Equivariance (<see cref="OrientationReading"/>) a run's images must reach for its reading to count.
    /// </summary>
    public const double MinimumEquivariance = 0.8;

    /// <summary>Whether a run's final reading can be judged: the same seed's run without augmentation (nothing to
    /// leak) reads within floor + <see cref="ReadableMargin"/> at the same kimg, so the probe reads G's images of that
    /// age as it reads reals; and, where the gate was applied, the run's own images pass it: at least
    /// <see cref="MinimumJudged"/> of them judged and an equivariance of at least <see cref="MinimumEquivariance"/>
    /// (a classifier whose prediction does not turn with the image is not reading an orientation). Null when there is
    /// no reference reading (no run without augmentation for the seed, or none at that kimg: the fine-tunings run
    /// past it).</summary>
    public static bool? Readable(LeakReport report, LeakResult run, string op)
    {
        var reference = NoAugmentation(report, run.Seed);
        double? reading = reference is null ? null
            : Math.Abs(reference.Kimg - run.Kimg) < 0.5 ? reference.LeakOf(op)
            : reference.Trajectory?.FirstOrDefault(q => Math.Abs(q.Kimg - run.Kimg) < 0.5)?.LeakOf(op);
        if (reading is not { } v || double.IsNaN(v)) return null;
        bool judges = op != "rotate90" || run.Orientation is not { } o
            || (o.Judged >= MinimumJudged && o.Equivariance >= MinimumEquivariance);
        return v <= Floor(report, op) + ReadableMargin && judges;
    }

    /// <summary>The share of a run's images turned by a quarter turn that its wide share implies
    /// (<see cref="ElongationProbe.QuarterTurned"/>), against the same seed's run without augmentation at the same
    /// kimg where there is one (G's own shapes, which need not be the data's), else against the real images.</summary>
    public static double QuarterTurnsByElongation(LeakReport report, LeakResult run)
    {
        var reference = NoAugmentation(report, run.Seed);
        double w0 = reference is { Wide: var w } && !double.IsNaN(w) && Math.Abs(reference.Kimg - run.Kimg) < 0.5
            ? w
            : report.RealWideShare;
        return ElongationProbe.QuarterTurned(run.Wide, w0);
    }

    /// <summary>The seed's run without augmentation (null when the study has none).</summary>
    static LeakResult? NoAugmentation(LeakReport report, int seed) =>
        report.Results.FirstOrDefault(r => r.Op == "none" && r.P == 0 && r.Method == "fixed" && r.Seed == seed);

    /// <summary>"3 of 3", or "cannot tell" when no seed has a reference reading.</summary>
    static string ReadableSeeds(LeakReport report, List<LeakResult> runs, string op)
    {
        var verdicts = runs.Select(r => Readable(report, r, op)).ToList();
        int judged = verdicts.Count(v => v is not null);
        return judged == 0 ? "cannot tell" : $"{verdicts.Count(v => v == true)} of {judged}";
    }

    /// <summary>One row per (op, design, p): the seeds, the final leak (mean ± sd over seeds), how many seeds'
    /// readings are readable (<see cref="Readable"/>), the classifier's accuracy and the probe's floor.</summary>
    public static ResultTable Table(LeakReport report) => new(
        ["augmentation", "design", "p", "seeds", "final leak (mean ± sd)", "readable seeds", "classifier accuracy",
            "floor"],
        report.Options.Ops.SelectMany(op => Groups(report, op).Select(g => (IReadOnlyList<string>)
        [
            op, g.Key.Method,
            g.Key.P is { } p ? Num(p) : "adaptive (ends at " + string.Join(", ", g.Runs.Select(r => Num(r.P))) + ")",
            g.Runs.Count.ToString(CultureInfo.InvariantCulture),
            MeanSd(g.Runs.Select(r => r.LeakOf(op)).ToList()), ReadableSeeds(report, g.Runs, op),
            op == "rotate90" ? Share(report.ClassifierAccuracy) : "-", Share(Floor(report, op)),
        ])).ToList());

    static string Share(double v) => double.IsNaN(v) ? "-" : v.ToString("P1", CultureInfo.InvariantCulture);

    /// <summary>"mean ± sd" in percent (sample sd; the mean alone for one seed).</summary>
    public static string MeanSd(IReadOnlyList<double> values)
    {
        double mean = values.Average();
        string m = (100 * mean).ToString("0.0", CultureInfo.InvariantCulture);
        if (values.Count < 2) return m + " %";
        double sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        return $"{m} ± {(100 * sd).ToString("0.0", CultureInfo.InvariantCulture)} %";
    }

    /// <summary>One chart per (op, design) whose runs measured the leak during training.</summary>
    public static IEnumerable<(string Op, string Design, Chart Chart)> Charts(LeakReport report)
    {
        foreach (var op in report.Options.Ops)
            foreach (var design in Groups(report, op).GroupBy(g => g.Key.Method))
            {
                var groups = design.Where(g => g.Runs.Any(r => r.Trajectory is { Count: > 0 })).ToList();
                if (groups.Count == 0) continue;
                var series = new List<Series>();
                // The run without augmentation, in every other design's chart: what the probe reads on G's images
                // while they are not yet real-looking, a floor that real images do not show.
                var baseline = design.Key == "fixed" ? [] : Groups(report, op).Where(g => g.Key == ("fixed", 0.0))
                    .SelectMany(g => g.Runs).Where(r => r.Trajectory is { Count: > 0 }).ToList();
                if (baseline.Count > 0)
                {
                    var mean = Mean(baseline.SelectMany(r => Trajectory(report, r)), op);
                    series.Add(new Series($"no augmentation (mean of {baseline.Count})", mean.Kimg, mean.Leak));
                }
                foreach (var g in groups)
                {
                    var label = g.Key.P is { } p ? $"p = {Num(p)}" : "ada";
                    var points = g.Runs.SelectMany(r => Trajectory(report, r)).ToList();
                    var mean = points.GroupBy(pt => Math.Round(pt.Kimg, 6)).OrderBy(k => k.Key).ToList();
                    series.Add(new Series($"{label} (mean of {g.Runs.Count})", mean.Select(k => k.Key).ToList(),
                        mean.Select(k => k.Average(pt => pt.LeakOf(op))).ToList()));
                    series.Add(new Series($"{label}, each seed", points.Select(pt => pt.Kimg).ToList(),
                        points.Select(pt => pt.LeakOf(op)).ToList(), SeriesKind.Markers));
                    if (g.Key.P is null)
                        series.Add(new Series("p (mean)", mean.Select(k => k.Key).ToList(),
                            mean.Select(k => k.Average(pt => pt.P)).ToList()));
                }
                var all = series.SelectMany(s => s.X).ToList();
                series.Add(new Series("probe floor (real images)", [all.Min(), all.Max()],
                    [Floor(report, op), Floor(report, op)]));
                yield return (op, design.Key, new Chart($"Leak of {op} during training: {design.Key}", series,
                    "kimg", "leak"));
            }
    }

    /// <summary>The mean leak over runs at each kimg.</summary>
    static (List<double> Kimg, List<double> Leak) Mean(IEnumerable<LeakPoint> points, string op)
    {
        var byKimg = points.GroupBy(pt => Math.Round(pt.Kimg, 6)).OrderBy(k => k.Key).ToList();
        return (byKimg.Select(k => k.Key).ToList(), byKimg.Select(k => k.Average(pt => pt.LeakOf(op))).ToList());
    }

    /// <summary>A run's trajectory; a fine-tuning run's starts with its source's last point (where it took over).
    /// </summary>
    static IEnumerable<LeakPoint> Trajectory(LeakReport report, LeakResult run)
    {
        var own = run.Trajectory ?? [];
        var sourceDir = run.Source is { } s ? Path.GetDirectoryName(s) : null;
        var source = report.Results.FirstOrDefault(r => r.RunDir == sourceDir)?.Trajectory;
        return source is { Count: > 0 } && (own.Count == 0 || source[^1].Kimg < own[0].Kimg)
            ? own.Prepend(source[^1])
            : own;
    }
}
