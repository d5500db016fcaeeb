using AdaNotebooks.Training;

namespace AdaNotebooks.Experiments;

/// <summary>One training run of an experiment, recorded like `ada train` records one: stats.jsonl, TensorBoard
/// events, samples, snapshots and report.html in its own folder, so every point of a results table can be opened.</summary>
public static class ExperimentRun
{
    /// <summary>Trains with <paramref name="options"/>, then hands the finished trainer (G_ema, D, the data) to
    /// <paramref name="finish"/> and returns the progress events with its result.</summary>
    public static (List<TrainingProgress> Events, T Result) Train<T>(TrainingOptions options, Func<Trainer, T> finish,
        Action<TrainingProgress>? onTick = null, Func<Networks.Generator, IReadOnlyDictionary<string, double>>? metrics = null)
    {
        using var trainer = new Trainer(options) { MetricsProvider = metrics };
        using var log = new RunLog(options.OutDir);
        var events = new List<TrainingProgress>();
        var title = $"AdaNotebooks run: {Path.GetFileName(Path.GetFullPath(options.OutDir))}";
        trainer.Run(e =>
        {
            events.Add(e);
            log.Write(e);
            if (e.Done) RunReport.Write(options.OutDir, title, events, options);
            onTick?.Invoke(e);
        });
        return (events, finish(trainer));
    }
}
