using System.Globalization;
using AdaNotebooks.Charts;

namespace AdaNotebooks.Experiments;

/// <summary>A toy sweep's results: a table per op and p over the seeds, and charts.</summary>
public sealed record LeakToyReport(LeakToyStudyOptions Options, IReadOnlyList<LeakToyResult> Results)
{
    static string N(double v, string format = "0.000") => v.ToString(format, CultureInfo.InvariantCulture);

    static string Spread(IReadOnlyList<double> values, string format = "0.000") => values.Count == 0 ? "-"
        : $"{N(values.Average(), format)} ({N(values.Min(), format)}-{N(values.Max(), format)})";

    /// <summary>What was run, one sentence.</summary>
    public string Summary()
    {
        var run = Options.Run;
        return string.Create(CultureInfo.InvariantCulture,
            $"Exact toy GAN: G a softmax over the 512 binary 3x3 images, D an MLP (two hidden layers of " +
            $"{run.Hidden}), " +
            $"the data uniform over {LeakToyProblem.Upright.Count} upright glyphs; the op at p on every input of D " +
            $"({(run.Pixels == LeakToyPixels.Quantized ? "as states" : "as resampled pixels")}); {run.Steps} steps " +
            $"of Adam (lr G {run.LearningRateG}, D {run.LearningRateD}), G starting " +
            $"{(run.Start == LeakToyStart.Uniform ? "uniform" : "on the data's rotated versions")}; seeds " +
            $"{string.Join(", ", Options.Seeds)}. Mean (min-max) over the seeds.");
    }

    /// <summary>What the analysis predicts, one sentence.</summary>
    public const string Prediction =
        "Predicted: for p < 1 the augmentation is invertible, so G's only equilibrium is the data (rotated share 0); " +
        "at p = 1 an orbit's members augment alike and G's split of an orbit stays as it started.";

    /// <summary>One row per op and p, over the seeds: where G ended and how fast it got within the threshold.</summary>
    public ResultTable Table()
    {
        string threshold = N(Options.Run.TvThreshold, "0.###");
        return new ResultTable(
            ["op", "p", "1/(1-p)", "TV at the end", $"TV <= {threshold} at the end", "rotated share",
                "predicted rotated share", $"steps to TV <= {threshold}"],
            Cells().Select(c =>
            {
                var (op, p, runs) = c;
                var reached = runs.Where(r => r.StepsToTv.HasValue).Select(r => (double)r.StepsToTv!.Value).ToList();
                return (IReadOnlyList<string>)
                [
                    op, N(p, "0.##"), p < 1 ? N(1 / (1 - p), "0.#") : "∞", Spread(runs.Select(r => r.Tv).ToList()),
                    $"{runs.Count(r => r.Tv <= Options.Run.TvThreshold)} of {runs.Count}",
                    Spread(runs.Select(r => r.Rotated).ToList()),
                    p == 1 ? Spread(runs.Select(r => r.PredictedRotatedAtOne).ToList()) : "0",
                    Spread(reached, "0") + (reached.Count < runs.Count ? $" ({reached.Count} of {runs.Count})" : ""),
                ];
            }).ToList());
    }

    /// <summary>The summary, the table and the prediction (results.md).</summary>
    public string ToMarkdown() =>
        Summary() + Environment.NewLine + Environment.NewLine + Table().ToMarkdown() + Environment.NewLine +
        Prediction + Environment.NewLine;

    /// <summary>The results grouped by op and p, in the study's order.</summary>
    IEnumerable<(string Op, double P, List<LeakToyResult> Runs)> Cells() =>
        from op in Options.Ops
        from p in Options.Ps
        let runs = Results.Where(r => r.Op == op && r.P == p).ToList()
        where runs.Count > 0
        select (op, p, runs);

    /// <summary>Per op: steps to TV &lt;= the threshold against 1/(1 - p), and TV and the rotated share over the
    /// steps per p (means over the seeds).</summary>
    public IEnumerable<Chart> Charts()
    {
        double threshold = Options.Run.TvThreshold;
        foreach (var op in Options.Ops)
        {
            var cells = Cells().Where(c => c.Op == op).ToList();
            var reached = cells.Where(c => c.P < 1).SelectMany(c => c.Runs.Where(r => r.StepsToTv.HasValue)
                .Select(r => (X: 1 / (1 - c.P), Y: (double)r.StepsToTv!.Value, c.P))).ToList();
            var means = reached.GroupBy(r => r.P).Select(g => (g.First().X, Y: g.Average(r => r.Y))).ToList();
            yield return new Chart($"{op}: steps to TV <= {threshold} against 1/(1 - p)",
            [
                new Series("mean over seeds", means.Select(m => m.X).ToList(), means.Select(m => m.Y).ToList()),
                new Series("each seed", reached.Select(r => r.X).ToList(), reached.Select(r => r.Y).ToList(),
                    SeriesKind.Markers),
            ], "1/(1 - p)", "steps");
            yield return OverSteps($"{op}: TV(G, data) over the steps", cells, t => t.Tv, "TV");
            yield return OverSteps($"{op}: G's mass on rotated versions of the data", cells, t => t.Rotated,
                "rotated share");
        }
    }

    static Chart OverSteps(string title, List<(string Op, double P, List<LeakToyResult> Runs)> cells,
        Func<LeakToyPoint, double> value, string label) =>
        new(title, cells.Select(c =>
        {
            var steps = c.Runs[0].Trajectory.Select(t => (double)t.Step).ToList();
            var mean = steps.Select((_, i) => c.Runs.Where(r => r.Trajectory.Count > i)
                .Average(r => value(r.Trajectory[i]))).ToList();
            return new Series($"p = {N(c.P, "0.##")}", steps, mean);
        }).ToList(), "step", label);
}
