using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using AdaNotebooks.Training;

namespace AdaNotebooks.Experiments;

/// <summary>One cell of a study: its name (also its run folder under runs/), its training seed, what it trains and
/// the cells it starts from (<paramref name="After"/>: they must be finished, and recorded, before it runs).</summary>
public sealed record StudyCell(string Name, int Seed, TrainingOptions Training, IReadOnlyList<string>? After = null)
{
    public IReadOnlyList<string> Needs => After ?? [];
}

/// <summary>What a study records per cell: at least which cell and which seed.</summary>
public interface IStudyResult
{
    string Cell { get; }
    int Seed { get; }
}

/// <summary>The one loop every study runs: plan -> run -> record. Cells already in the study's results.json are kept
/// as they are; the others run in plan order (or side by side in workers, see <see cref="StudyExecution"/>), each
/// resumable (<see cref="ExperimentRun"/> continues a cell's run from its snapshot), and results.json is rewritten
/// after every cell, so a killed study continues where it stopped. A cell that needs others
/// (<see cref="StudyCell.After"/>) runs in a later wave than they do: each wave's cells run one after another or
/// side by side, and the next wave starts when the whole wave is recorded.</summary>
public static class Study
{
    /// <summary>Runs the cells of <paramref name="plan"/> not found in <paramref name="previous"/> and returns every
    /// cell's result in plan order; <paramref name="record"/> is called after each cell that ran and once at the
    /// end, never in a worker (which writes its one result to <see cref="StudyExecution.ResultFile"/>).</summary>
    public static List<TResult> Run<TResult>(IReadOnlyList<StudyCell> plan, IReadOnlyList<TResult> previous,
        Func<StudyCell, TResult> run, Action<IReadOnlyList<TResult>> record, Action<string>? log = null,
        string? directory = null, StudyExecution? execution = null)
        where TResult : IStudyResult
    {
        execution ??= StudyExecution.Here;
        var names = plan.Select(c => c.Name).ToList();
        var duplicate = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"the study plans cell '{duplicate.Key}' twice");
        if ((execution.IsWorker || execution.Launch is not null) && directory is null)
            throw new ArgumentException("a study run in workers needs its folder");
        if (execution.IsWorker) return [RunWorker(plan, run, directory!, execution.Cell!)];

        var done = previous.Where(r => names.Contains(r.Cell)).GroupBy(r => r.Cell)
            .ToDictionary(g => g.Key, g => g.Last());
        // Cells recorded by an earlier run of the study but not planned now (fewer seeds, say) stay recorded.
        var kept = previous.Where(r => !names.Contains(r.Cell)).GroupBy(r => r.Cell).Select(g => g.Last()).ToList();
        if (kept.Count > 0)
            log?.Invoke($"{kept.Count} recorded cells outside this plan stay in the results as they are");
        if (done.Count > 0)
            log?.Invoke($"{done.Count} of {plan.Count} cells already recorded; running the other " +
                        $"{plan.Count - done.Count}");
        var todo = plan.Where(c => !done.ContainsKey(c.Name)).ToList();
        var results = new List<TResult>();
        var gate = new object();
        void Finished(TResult result)
        {
            lock (gate)
            {
                results.Add(result);
                record([.. Ordered(results, plan, done), .. kept]);
            }
        }
        foreach (var wave in Waves(plan, todo))
        {
            if (execution.Launch is { } launch)
            {
                log?.Invoke($"{wave.Count} cells, {Math.Min(execution.Jobs, wave.Count)} at a time in workers");
                try
                {
                    // One cell at a time in plan order (a list alone would be split into ranges, one per worker).
                    var inOrder = Partitioner.Create(wave, EnumerablePartitionerOptions.NoBuffering);
                    Parallel.ForEach(inOrder, new ParallelOptions { MaxDegreeOfParallelism = execution.Jobs },
                        cell => Finished(Launched<TResult>(cell, launch, directory!)));
                }
                catch (AggregateException e)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
                }
            }
            else
            {
                foreach (var cell in wave) Finished(run(cell));
            }
        }
        List<TResult> all = [.. Ordered(results, plan, done), .. kept];
        record(all);
        return all;
    }

    /// <summary>The cells to run, in waves: a cell joins the first wave after every cell it needs (those already
    /// recorded need no wave). Plan order within a wave.</summary>
    internal static List<List<StudyCell>> Waves(IReadOnlyList<StudyCell> plan, IReadOnlyList<StudyCell> todo)
    {
        var planned = plan.Select(c => c.Name).ToHashSet();
        foreach (var cell in plan)
            foreach (var need in cell.Needs.Where(n => !planned.Contains(n)))
                throw new ArgumentException($"cell '{cell.Name}' needs cell '{need}', which the study does not plan");
        var waves = new List<List<StudyCell>>();
        var pending = todo.ToList();
        var open = todo.Select(c => c.Name).ToHashSet();   // not finished before the current wave
        while (pending.Count > 0)
        {
            var wave = pending.Where(c => !c.Needs.Any(open.Contains)).ToList();
            if (wave.Count == 0)
                throw new ArgumentException("the study's cells need each other in a circle: " +
                                            string.Join(", ", pending.Select(c => c.Name)));
            waves.Add(wave);
            pending.RemoveAll(wave.Contains);
            open.ExceptWith(wave.Select(c => c.Name));
        }
        return waves;
    }

    /// <summary>A worker: runs the named cell and writes its result next to the study's results.</summary>
    static TResult RunWorker<TResult>(IReadOnlyList<StudyCell> plan, Func<StudyCell, TResult> run, string directory,
        string name)
    {
        var cell = plan.FirstOrDefault(c => c.Name == name)
                   ?? throw new ArgumentException($"--cell {name}: the study plans no such cell (it plans " +
                                                  $"{string.Join(", ", plan.Select(c => c.Name))})");
        var result = run(cell);
        var file = StudyExecution.ResultFile(directory, name);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        WriteFile(file, JsonSerializer.Serialize(result, TrainingState.Json));
        return result;
    }

    /// <summary>Hands a cell to a worker and reads back what it wrote.</summary>
    static TResult Launched<TResult>(StudyCell cell, Action<StudyCell> launch, string directory)
    {
        var file = StudyExecution.ResultFile(directory, cell.Name);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.Delete(file);   // a result left by an earlier, interrupted study is not this worker's
        launch(cell);
        if (!File.Exists(file))
            throw new InvalidOperationException($"{file}: the worker for cell {cell.Name} finished without a result");
        return JsonSerializer.Deserialize<TResult>(File.ReadAllText(file), TrainingState.Json)
               ?? throw new InvalidDataException($"{file}: empty");
    }

    static List<TResult> Ordered<TResult>(List<TResult> ran, IReadOnlyList<StudyCell> plan,
        Dictionary<string, TResult> done)
        where TResult : IStudyResult
    {
        var all = ran.Concat(done.Values).GroupBy(r => r.Cell).ToDictionary(g => g.Key, g => g.First());
        return plan.Where(c => all.ContainsKey(c.Name)).Select(c => all[c.Name]).ToList();
    }

    /// <summary>The results recorded in <paramref name="directory"/>'s results.json by a study with the same options
    /// (the seed lists, and the lists named in <paramref name="lists"/>, may differ: they only add or drop cells), or
    /// none. A results.json from a study with other options is refused.</summary>
    public static IReadOnlyList<TResult> Previous<TReport, TOptions, TResult>(string directory, TOptions options,
        Func<string, TReport> read, Func<TReport, TOptions> optionsOf, Func<TReport, IReadOnlyList<TResult>> resultsOf,
        params string[] lists)
    {
        var path = Path.Combine(directory, "results.json");
        if (!File.Exists(path)) return [];
        var report = read(path);
        var differs = Differences(optionsOf(report), options).Where(k => k != "Seeds" && !lists.Contains(k)).ToList();
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

    /// <summary>Writes a study's file through a temporary file, so a worker reading it never sees half of it.</summary>
    public static void WriteFile(string path, string text)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>"name-sS": a cell's name with its seed.</summary>
    public static string Name(string name, int seed) => $"{name}-s{seed}";
}
