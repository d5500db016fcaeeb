using System.Text.Json;
using System.Text.Json.Nodes;
using AdaNotebooks.Training;

namespace AdaNotebooks.Experiments;

/// <summary>One cell of a study: its name (also its run folder under runs/), its training seed and what it
/// trains.</summary>
public sealed record StudyCell(string Name, int Seed, TrainingOptions Training);

/// <summary>What a study records per cell: at least which cell and which seed.</summary>
public interface IStudyResult
{
    string Cell { get; }
    int Seed { get; }
}

/// <summary>The one loop every study runs: plan -> run -> record. Cells already in the study's results.json are kept
/// as they are; the others run in plan order, each resumable (<see cref="ExperimentRun"/> continues a cell's run from
/// its snapshot), and results.json is rewritten after every cell, so a killed study continues where it
/// stopped.</summary>
public static class Study
{
    /// <summary>Runs the cells of <paramref name="plan"/> not found in <paramref name="previous"/> and returns every
    /// cell's result in plan order; <paramref name="record"/> is called after each cell that ran.</summary>
    public static List<TResult> Run<TResult>(IReadOnlyList<StudyCell> plan, IReadOnlyList<TResult> previous,
        Func<StudyCell, TResult> run, Action<IReadOnlyList<TResult>> record, Action<string>? log = null)
        where TResult : IStudyResult
    {
        var names = plan.Select(c => c.Name).ToList();
        var duplicate = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"the study plans cell '{duplicate.Key}' twice");
        var done = previous.Where(r => names.Contains(r.Cell)).GroupBy(r => r.Cell)
            .ToDictionary(g => g.Key, g => g.Last());
        if (done.Count > 0)
            log?.Invoke($"{done.Count} of {plan.Count} cells already recorded; running the other " +
                        $"{plan.Count - done.Count}");
        var results = new List<TResult>();
        foreach (var cell in plan)
        {
            if (done.TryGetValue(cell.Name, out var kept))
            {
                results.Add(kept);
                continue;
            }
            results.Add(run(cell));
            record(Ordered(results, plan, done));
        }
        return Ordered(results, plan, done);
    }

    static List<TResult> Ordered<TResult>(List<TResult> ran, IReadOnlyList<StudyCell> plan,
        Dictionary<string, TResult> done)
        where TResult : IStudyResult
    {
        var all = ran.Concat(done.Values).GroupBy(r => r.Cell).ToDictionary(g => g.Key, g => g.First());
        return plan.Where(c => all.ContainsKey(c.Name)).Select(c => all[c.Name]).ToList();
    }

    /// <summary>The results recorded in <paramref name="directory"/>'s results.json by a study with the same options
    /// (the seed lists may differ), or none. A results.json from a study with other options is refused.</summary>
    public static IReadOnlyList<TResult> Previous<TReport, TOptions, TResult>(string directory, TOptions options,
        Func<string, TReport> read, Func<TReport, TOptions> optionsOf, Func<TReport, IReadOnlyList<TResult>> resultsOf)
    {
        var path = Path.Combine(directory, "results.json");
        if (!File.Exists(path)) return [];
        var report = read(path);
        var differs = Differences(optionsOf(report), options).Where(k => k != "Seeds").ToList();
        if (differs.Count > 0)
            throw new ArgumentException($"{path} holds a study with other options ({string.Join(", ", differs)}); " +
                                        "give a fresh --out, or the same options to continue it");
        return resultsOf(report);
    }

    /// <summary>The names of the properties whose values differ.</summary>
    static IEnumerable<string> Differences<T>(T a, T b)
    {
        var x = JsonNode.Parse(JsonSerializer.Serialize(a, TrainingState.Json))!.AsObject();
        var y = JsonNode.Parse(JsonSerializer.Serialize(b, TrainingState.Json))!.AsObject();
        foreach (var key in x.Select(kv => kv.Key).Union(y.Select(kv => kv.Key)))
            if (!JsonNode.DeepEquals(x[key], y[key])) yield return key;
    }

    /// <summary>"name-sS": a cell's name with its seed.</summary>
    public static string Name(string name, int seed) => $"{name}-s{seed}";
}
