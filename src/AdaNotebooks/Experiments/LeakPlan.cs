using System.Globalization;
using AdaNotebooks.Training;

namespace AdaNotebooks.Experiments;

/// <summary>What one cell of the leak study trains: its op ("none" for the shared p = 0 run), its method (a design
/// or bcr), its p (the final p of a ramp, the p a fine-tuning continues at, 0 for ada, whose p moves) and, for
/// fine-tuning, the cell whose run it continues.</summary>
public sealed record LeakCell(string Op, string Method, double P, string? Source = null);

/// <summary>The leak study's cells. Per op and seed, one cell per p and design:
/// <list type="bullet">
/// <item>fixed: p from step 0 (p = 0 is one run without augmentation, shared by every op);</item>
/// <item>ramp: p rises linearly from 0 to the same final p over ramp_kimg;</item>
/// <item>ada: the adaptive controller with only this op (one cell: p is its own);</item>
/// <item>finetune: the fixed p = 1 run (G leaks freely: a wrong answer to start from) continued for finetune_kimg at
/// each p; that source is itself a cell, which the fine-tuning cells need (<see cref="StudyCell.After"/>).</item>
/// </list>
/// bCR adds one cell per op and seed.</summary>
public static class LeakPlan
{
    public static readonly IReadOnlyList<string> Designs = ["fixed", "ramp", "ada", "finetune"];

    /// <summary>The cells in plan order (seed by seed), each with what it trains.</summary>
    public static List<(StudyCell Cell, LeakCell What)> Cells(LeakExperimentOptions o, string trainZip)
    {
        var cells = new List<(StudyCell, LeakCell)>();
        foreach (var seed in o.Seeds)
        {
            var named = new Dictionary<string, (StudyCell, LeakCell)>();
            void Add(string name, LeakCell what, Func<TrainingOptions, TrainingOptions> tune)
            {
                var cellName = Study.Name(name, seed);
                if (named.ContainsKey(cellName)) return;   // the fine-tuning source may be a fixed cell too
                var training = tune(Training(o, trainZip, cellName, seed, what));
                IReadOnlyList<string>? after = what.Source is { } s ? [Study.Name(s, seed)] : null;
                named[cellName] = (new StudyCell(cellName, seed, training, after), what);
                cells.Add(named[cellName]);
            }
            if (o.Designs.Contains("fixed") && o.Ps.Contains(0)) Add("noaug", new("none", "fixed", 0), t => t);
            foreach (var op in o.Ops)
            {
                var ps = o.Ps.Where(p => p > 0).ToList();
                if (o.Designs.Contains("fixed"))
                    foreach (var p in ps) Add(Name(op, "fixed", p), new(op, "fixed", p), t => t);
                if (o.Bcr) Add(Name(op, "bcr", 1), new(op, "bcr", 1), t => t);
                if (o.Designs.Contains("ramp"))
                    foreach (var p in ps)
                        Add(Name(op, "ramp", p), new(op, "ramp", p),
                            t => t with { Augment = AugmentMode.Ramp, RampKimg = o.RampKimg ?? o.Kimg / 2 });
                if (o.Designs.Contains("ada"))
                    Add($"{op}-ada", new(op, "ada", 0), t => t with { Augment = AugmentMode.Ada, AdaKimg = o.AdaKimg });
                if (!o.Designs.Contains("finetune")) continue;
                var source = Name(op, "fixed", 1);
                Add(source, new(op, "fixed", 1), t => t);
                foreach (var p in o.Ps)
                    Add(Name(op, "finetune", p), new(op, "finetune", p, source), t => t with
                    {
                        Resume = Path.Combine(o.OutDir, "runs", Study.Name(source, seed)),
                        Kimg = o.Kimg + (o.FinetuneKimg ?? o.Kimg / 2),
                    });
            }
        }
        return cells;
    }

    static string Name(string op, string method, double p) =>
        $"{op}-{method}-p{p.ToString("0.##", CultureInfo.InvariantCulture)}";

    /// <summary>A fixed-p run of the cell (the designs then change what differs). With a leak interval, a tick
    /// lasts that long and every tick measures the leak; else ten ticks per run, as before trajectories.</summary>
    static TrainingOptions Training(LeakExperimentOptions o, string trainZip, string name, int seed, LeakCell what) =>
        new()
        {
            Data = trainZip, OutDir = Path.Combine(o.OutDir, "runs", name), Config = o.Config, Conditional = false,
            Kimg = o.Kimg, Batch = o.Batch, Seed = seed, Validation = 0, Subset = o.TrainImages,
            Augment = what.Op == "none" ? AugmentMode.NoAug
                : what.Method == "bcr" ? AugmentMode.Bcr
                : AugmentMode.Fixed,
            Preset = what.Op == "none" ? "bgc" : what.Op, P = what.P,
            KimgPerTick = o.LeakEvery ?? Math.Max(o.Kimg / 10, 0.1), MetricTicks = o.LeakEvery is null ? 0 : 1,
            SnapshotTicks = 1, KeepSnapshots = 1, SampleCount = 64,
        };
}
