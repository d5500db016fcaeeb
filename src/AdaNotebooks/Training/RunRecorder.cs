using System.Text.Json;

namespace AdaNotebooks.Training;

/// <summary>Turns a trainer's progress events into its run folder, the same way for `ada train`, every experiment and
/// the notebooks: stats.jsonl, TensorBoard events and samples.png (<see cref="RunLog"/>), report.html, options.json
/// (the resolved configuration) and snapshot retention (the newest <see cref="TrainingOptions.KeepSnapshots"/> on
/// disk, whichever process wrote them). It claims the folder for one run: a fresh run into a folder that holds another
/// run is refused unless overwriting is asked for, and a lock refuses a second writer while a run is alive.</summary>
public sealed class RunRecorder : IDisposable
{
    readonly Trainer _trainer;
    readonly RunLock _lock;
    readonly RunLog _log;
    readonly List<TrainingProgress> _events;

    public string Directory { get; }
    /// <summary>Every tick of the run, those before a resume included (read back from stats.jsonl).</summary>
    public IReadOnlyList<TrainingProgress> Events => _events;
    /// <summary>Write report.html at every tick (true) or only at the end.</summary>
    public bool ReportEveryTick { get; init; } = true;
    public string Title { get; init; }
    /// <summary>Lines worth telling the user: a stale lock taken over, a run replaced.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <param name="trainer">The run to record; its <see cref="TrainingOptions.OutDir"/> is the run folder.</param>
    /// <param name="overwrite">Replace another run found in the folder instead of refusing.</param>
    public RunRecorder(Trainer trainer, bool overwrite = false)
    {
        _trainer = trainer;
        Directory = trainer.Options.OutDir;
        Title = $"AdaNotebooks run: {Path.GetFileName(Path.GetFullPath(Directory))}";
        _lock = RunLock.Acquire(Directory);
        var notes = new List<string>();
        if (_lock.TookOverFrom is { } holder)
            notes.Add($"took over the lock of a run that is no longer alive ({holder})");
        try
        {
            bool continuing = trainer.ContinuesRunIn(Directory);
            if (!continuing)
            {
                if (overwrite && RunFolder.RunFiles(Directory).Count > 0)
                    notes.Add($"replacing the run in {Directory}");
                RunFolder.ClaimForFreshRun(Directory, overwrite);
            }
            var configuration = JsonSerializer.Serialize(trainer.Resolved, TrainingState.Json);
            File.WriteAllText(Path.Combine(Directory, "options.json"), configuration);
            _log = new RunLog(Directory, configuration, trainer.Nimg / 1000.0);
            // A resumed run keeps its history (and drops ticks logged after the snapshot it resumes from).
            _events = continuing ? _log.ResumeHistory(trainer.Nimg / 1000.0) : [];
        }
        catch
        {
            _lock.Dispose();
            throw;
        }
        Notes = notes;
    }

    /// <summary>Records one tick: logs, samples, the report, and snapshot retention.</summary>
    public void Record(TrainingProgress e)
    {
        _events.Add(e);
        _log.Write(e);
        if (ReportEveryTick || e.Done) WriteReport();
        if (e.SnapshotPath is not null) RunFolder.Prune(Directory, _trainer.Options.KeepSnapshots);
    }

    /// <summary>Writes report.html from the events so far (done after the last tick; call it when a run ends
    /// early).</summary>
    public void WriteReport() => RunReport.Write(Directory, Title, _events, _trainer.Resolved);

    public void Dispose()
    {
        _log.Dispose();
        _lock.Dispose();
    }
}
