using AdaNotebooks.Training;

namespace AdaNotebooks.Experiments;

/// <summary>One training run of an experiment, recorded like `ada train` records one (the same
/// <see cref="RunRecorder"/>): stats.jsonl, TensorBoard events, samples, snapshots and report.html in its own folder,
/// so every point of a results table can be opened. A run folder holding an unfinished run of the same cell is
/// continued from its latest snapshot; anything else there is replaced.</summary>
public static class ExperimentRun
{
    /// <summary>Trains with <paramref name="options"/> (continuing its folder's run when it has a snapshot), then hands
    /// the finished trainer (G_ema, D, the data) to <paramref name="finish"/> and returns every progress event of the
    /// run (those before a resume included) with its result and the training time of the run before this resume
    /// (zero unless it continued its folder's run). <paramref name="stop"/>, asked with every event so far after each
    /// tick (and before the first when the run continues), ends the run early at that tick's snapshot; the last event
    /// of a stopped run is not <see cref="TrainingProgress.Done"/>.</summary>
    public static (List<TrainingProgress> Events, T Result, TimeSpan Before) Train<T>(TrainingOptions options,
        Func<Trainer, T> finish,
        Action<TrainingProgress>? onTick = null,
        Func<Networks.Generator, IReadOnlyDictionary<string, double>>? metrics = null,
        Func<IReadOnlyList<TrainingProgress>, bool>? stop = null)
    {
        bool resumable = RunFolder.Snapshots(options.OutDir).Count > 0 &&
                         TrainingState.ReadOptions(Snapshot.Resolve(options.OutDir)) is { } saved
                             && Same(saved, options);
        using var trainer = new Trainer(resumable ? options with { Resume = options.OutDir } : options)
        {
            MetricsProvider = metrics,
        };
        using var recorder = new RunRecorder(trainer, overwrite: true) { ReportEveryTick = false };
        bool Stop() => stop?.Invoke(recorder.Events) == true;
        if (!Stop())
            trainer.Run(e =>
            {
                recorder.Record(e);
                onTick?.Invoke(e);
            }, stop: _ => Stop());
        if (recorder.Events.Count > 0 && !recorder.Events[^1].Done) recorder.WriteReport();   // ended early
        return (recorder.Events.ToList(), finish(trainer), trainer.ElapsedBefore);
    }

    /// <summary>The same run, possibly longer: equal options but for the resume path and the length.</summary>
    static bool Same(TrainingOptions a, TrainingOptions b) =>
        System.Text.Json.JsonSerializer.Serialize(a with { Resume = null, Kimg = 0 }, TrainingState.Json) ==
        System.Text.Json.JsonSerializer.Serialize(b with { Resume = null, Kimg = 0 }, TrainingState.Json);
}
