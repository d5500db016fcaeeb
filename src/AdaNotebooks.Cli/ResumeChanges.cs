using System.Globalization;
using System.Text.Json;
using AdaNotebooks.Training;

namespace AdaNotebooks.Cli;

/// <summary>`ada train --resume` of a run in its own folder continues with the run's own options. An option given on
/// the command line that differs from the run's is applied and said in one line (length, p and its schedule, preset,
/// ticks, snapshots, metrics), or refused with a one-line error (what defines the run: data, networks, batch, seed,
/// losses); it is never silently ignored.</summary>
public static class ResumeChanges
{
    sealed record Entry(string Flag, bool Applies, Func<TrainingOptions, object?> Value,
        Func<TrainingOptions, TrainingOptions, TrainingOptions> Take);

    static Entry A(string flag, Func<TrainingOptions, object?> value,
        Func<TrainingOptions, TrainingOptions, TrainingOptions> take) =>
        new(flag, true, value, take);

    static Entry R(string flag, Func<TrainingOptions, object?> value) => new(flag, false, value, (s, _) => s);

    static readonly IReadOnlyList<Entry> Entries =
    [
        A("--kimg", o => o.Kimg, (s, r) => s with { Kimg = r.Kimg }),
        A("--aug", o => TrainCommand.Name(o.Augment), (s, r) => s with { Augment = r.Augment }),
        A("--p", o => o.P, (s, r) => s with { P = r.P }),
        A("--ramp-kimg", o => o.RampKimg, (s, r) => s with { RampKimg = r.RampKimg }),
        A("--target", o => o.Target, (s, r) => s with { Target = r.Target }),
        A("--ada-kimg", o => o.AdaKimg, (s, r) => s with { AdaKimg = r.AdaKimg }),
        A("--p-max", o => o.PMax, (s, r) => s with { PMax = r.PMax }),
        A("--preset", o => o.Preset, (s, r) => s with { Preset = r.Preset }),
        A("--tick", o => o.KimgPerTick, (s, r) => s with { KimgPerTick = r.KimgPerTick }),
        A("--snap", o => o.SnapshotTicks, (s, r) => s with { SnapshotTicks = r.SnapshotTicks }),
        A("--keep-snapshots", o => o.KeepSnapshots, (s, r) => s with { KeepSnapshots = r.KeepSnapshots }),
        A("--metrics", o => string.Join(",", o.Metrics), (s, r) => s with { Metrics = r.Metrics }),
        A("--metric-ticks", o => o.MetricTicks, (s, r) => s with { MetricTicks = r.MetricTicks }),
        A("--metric-num", o => o.MetricNum, (s, r) => s with { MetricNum = r.MetricNum }),
        A("--precision", o => o.Precision.ToString().ToLowerInvariant(), (s, r) => s with { Precision = r.Precision }),
        A("--mixed-res", o => o.MixedRes, (s, r) => s with { MixedRes = r.MixedRes }),
        R("--data", o => o.Data), R("--config", o => o.Config), R("--batch", o => o.Batch), R("--seed", o => o.Seed),
        R("--mirror", o => o.Mirror), R("--cond", o => o.Conditional), R("--subset", o => o.Subset),
        R("--validation", o => o.Validation), R("--gamma", o => o.Gamma), R("--pl-weight", o => o.PlWeight),
        R("--freezed", o => o.FreezeD), R("--heuristic", o => o.Heuristic.ToString().ToLowerInvariant()),
    ];

    /// <summary>Options that only steer this process, never the run.</summary>
    static readonly HashSet<string> ProcessOnly = ["--out", "--resume", "--overwrite", "--threads", "--quiet",
        "--detector"];

    /// <summary>The options of the run that <paramref name="resume"/> continues, when it is a snapshot with training
    /// state in <paramref name="runDir"/> (continuing that run); null for transfer learning from elsewhere.</summary>
    public static TrainingOptions? SavedOptions(string resume, string runDir)
    {
        var file = Snapshot.Resolve(resume);
        if (Path.GetFullPath(Path.GetDirectoryName(Path.GetFullPath(file))!) != Path.GetFullPath(runDir).TrimEnd('/'))
            return null;
        return TrainingState.ReadOptions(file);
    }

    /// <summary>The run's own options with the given ones applied, and one "flag old -> new" per change.</summary>
    public static (TrainingOptions Options, List<string> Changes) Apply(TrainingOptions saved,
        TrainingOptions requested,
        IReadOnlySet<string> given)
    {
        var result = saved with { OutDir = requested.OutDir, Resume = requested.Resume };
        var changes = new List<string>();
        foreach (var flag in given.Where(f => !ProcessOnly.Contains(f)))
        {
            var entry = Entries.FirstOrDefault(e => e.Flag == flag)
                        ?? throw new UserError($"{flag}: cannot be changed when resuming a run");
            string was = Show(entry.Value(saved)), now = Show(entry.Value(requested));
            if (was == now) continue;
            if (!entry.Applies)
                throw new UserError($"{flag} {now}: the run in {requested.OutDir} was trained with {flag} {was}, " +
                                    "which a resumed run " +
                                    "keeps; train into a fresh --out to change it");
            result = entry.Take(result, requested);
            changes.Add($"{flag} {was} -> {now}");
        }
        return (result, changes);
    }

    static string Show(object? value) => value switch
    {
        null => "(default)",
        double d => d.ToString("0.######", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
