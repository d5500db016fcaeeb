using System.Globalization;
using System.Text.Json;
using AdaNotebooks.Charts;
using AdaNotebooks.Training;

namespace AdaNotebooks.Experiments;

/// <summary>A sweep of the exact toy GAN (<see cref="LeakToy"/>): every op at every p, once per seed. Everything but
/// the seeds is fixed for the study (results.json refuses a study with other options).</summary>
public sealed record LeakToyStudyOptions
{
    public string OutDir { get; init; } = "results/leak-toy";
    public IReadOnlyList<string> Ops { get; init; } = ["rotate90"];
    public IReadOnlyList<double> Ps { get; init; } = [0, 0.5, 0.8, 0.9, 0.95, 1];
    public IReadOnlyList<int> Seeds { get; init; } = [0, 1, 2, 3, 4];
    /// <summary>The options of every run; its op, p and seed are the cell's.</summary>
    public LeakToyOptions Run { get; init; } = new();

    public LeakToyOptions Cell(string op, double p, int seed) => Run with { Op = op, P = p, Seed = seed };

    public void Validate()
    {
        if (Ops.Count == 0 || Ps.Count == 0) throw new ArgumentException("nothing to run: give an op and a p");
        if (Seeds.Count == 0 || Seeds.Distinct().Count() != Seeds.Count)
            throw new ArgumentException("--seeds: give one or more distinct seeds");
        foreach (var op in Ops)
            foreach (var p in Ps) Cell(op, p, Seeds[0]).Validate();
    }
}

/// <summary>One run of the sweep: where G ended (TV from the data, rotated share), after how many steps it first had
/// TV &lt;= the threshold, and its trajectory.</summary>
public sealed record LeakToyResult(string Op, double P, int Seed, double Tv, double Rotated, int Steps, int? StepsToTv,
    double PredictedRotatedAtOne, double Seconds, string Cell, IReadOnlyList<LeakToyPoint> Trajectory)
    : IStudyResult;

public static class LeakToyStudy
{
    /// <summary>results.json's format: camelCase names ("results", "op", "p", "seed", "tv", "rotated", "steps", ...),
    /// one line (the trajectories make it long).</summary>
    public static readonly JsonSerializerOptions Json = new(TrainingState.Json)
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = false,
    };

    /// <summary>Runs every (op, p, seed) not yet in the output folder's results.json; writes results.json,
    /// results.md, the charts and results.html after every run.</summary>
    public static LeakToyReport Run(LeakToyStudyOptions options, Action<string>? log = null)
    {
        options.Validate();
        Directory.CreateDirectory(options.OutDir);
        var cells = new Dictionary<string, LeakToyOptions>();
        foreach (var seed in options.Seeds)
            foreach (var op in options.Ops)
                foreach (var p in options.Ps)
                    cells[Study.Name($"{op}-p{p.ToString("0.###", CultureInfo.InvariantCulture)}", seed)] =
                        options.Cell(op, p, seed);
        // Study's loop, for cells that are not training runs: the recorded ones are kept, the others run in plan
        // order, and the results are written after every run (a run takes seconds, so it has no snapshots).
        var results = Study.Previous(options.OutDir, options, Read, r => r.Options, r => r.Results)
            .Where(r => cells.ContainsKey(r.Cell)).GroupBy(r => r.Cell).ToDictionary(g => g.Key, g => g.Last());
        if (results.Count > 0)
            log?.Invoke($"{results.Count} of {cells.Count} cells already recorded; running the other " +
                        $"{cells.Count - results.Count}");
        LeakToyReport Report() => new(options, cells.Keys.Where(results.ContainsKey).Select(k => results[k]).ToList());
        foreach (var (name, cell) in cells.Where(c => !results.ContainsKey(c.Key)).ToList())
        {
            var run = LeakToy.Run(cell);
            log?.Invoke($"{name}: TV {run.Tv:0.000}, rotated {run.Rotated:0.000}, TV <= {run.Options.TvThreshold} " +
                        $"{(run.StepsToTv is { } s ? $"at step {s}" : "never")}, {run.Seconds:0.0} s");
            results[name] = new LeakToyResult(cell.Op, cell.P, cell.Seed, run.Tv, run.Rotated, cell.Steps,
                run.StepsToTv, run.PredictedRotatedAtOne, run.Seconds, name, run.Trajectory);
            Write(Report(), options.OutDir);
        }
        var report = Report();
        Write(report, options.OutDir);
        return report;
    }

    public static void Write(LeakToyReport report, string directory)
    {
        File.WriteAllText(Path.Combine(directory, "results.json"), JsonSerializer.Serialize(report, Json));
        File.WriteAllText(Path.Combine(directory, "results.md"), report.ToMarkdown());
        var charts = report.Charts().ToList();
        for (int i = 0; i < charts.Count; i++)
            File.WriteAllText(Path.Combine(directory, $"chart-{i:00}.svg"), ChartSvg.Render(charts[i]));
        var table = "<pre>" + System.Net.WebUtility.HtmlEncode(report.ToMarkdown()) + "</pre>";
        File.WriteAllText(Path.Combine(directory, "results.html"), ChartHtml.Document("Leak toy", charts, table));
    }

    public static LeakToyReport Read(string path) =>
        JsonSerializer.Deserialize<LeakToyReport>(File.ReadAllText(path), Json)
        ?? throw new InvalidDataException($"{path}: empty");
}
