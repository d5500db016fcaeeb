using System.CommandLine;
using System.Globalization;
using AdaNotebooks.Ada;
using AdaNotebooks.Augmentation;
using AdaNotebooks.Training;
using Spectre.Console;

namespace AdaNotebooks.Cli;

/// <summary>`ada train`: StyleGAN2-ADA training with a live progress display; writes a run folder (snapshots,
/// stats.jsonl, TensorBoard events, samples.png, report.html) through the run recorder.</summary>
public static class TrainCommand
{
    /// <summary>The defaults --help shows and a run without options uses: the first run's.</summary>
    static readonly TrainingOptions D = TrainingOptions.FirstRun;

    public static Command Create()
    {
        var data = CommonOptions.Data(D.Data);
        var outDir = CommonOptions.Out(D.OutDir, "Run folder (one run per folder)");
        var kimg = new Option<double>("--kimg")
        {
            Description = "Training length in thousands of real images",
            DefaultValueFactory = _ => D.Kimg,
        };
        var config = CommonOptions.Config(D.Config);
        var batch = CommonOptions.Batch();
        var aug = new Option<string>("--aug")
        {
            Description = "ada, fixed, ramp, noaug, diffaug or bcr",
            DefaultValueFactory = _ => Name(D.Augment),
        };
        var p = new Option<double>("--p")
        {
            Description = "Fixed p (fixed, bcr), final p (ramp) or initial p (ada)",
            DefaultValueFactory = _ => D.P,
        };
        var rampKimg = new Option<double?>("--ramp-kimg")
        {
            Description = "ramp: kimg over which p rises linearly from 0 to --p",
        };
        var target = new Option<double?>("--target") { Description = "ADA target (0.6 for r_t, 0.5 for r_v)" };
        var heuristic = new Option<string>("--heuristic") { Description = "rt or rv", DefaultValueFactory = _ => "rt" };
        var adaKimg = new Option<double?>("--ada-kimg")
        {
            Description = $"kimg for p to go from 0 to 1 (default {D.AdaKimg}, so that p moves within a short CPU " +
                          "run; when fine-tuning 100, the reference's; the reference trains from scratch with 500)",
        };
        var pMax = new Option<double?>("--p-max") { Description = "Cap on p (off by default)" };
        var preset = new Option<string>("--preset")
        {
            Description = $"Augmentation preset: {string.Join(", ", AugmentOps.PresetNames)}, " +
                          "an op name or a comma-separated list",
            DefaultValueFactory = _ => D.Preset,
        };
        var resume = new Option<string?>("--resume")
        {
            Description = "Continue a run (latest, or a run folder / snapshot); another run's or an imported " +
                          "snapshot means transfer learning",
        };
        var overwrite = new Option<bool>("--overwrite")
        {
            Description = "Replace another run found in --out instead of refusing",
        };
        var seed = CommonOptions.Seed(D.Seed);
        var mirror = new Option<bool>("--mirror") { Description = "Add x-flipped copies of the images" };
        var cond = new Option<bool?>("--cond")
        {
            Description = "Class-conditional training: true/false (default: when the dataset has labels)",
        };
        var subset = new Option<int?>("--subset")
        {
            Description = $"Train on a seeded subset of N images (default: {D.Subset} of the default data, so that " +
                          "its D overfits within the first run; every image of a dataset given with --data)",
        };
        var validation = new Option<int>("--validation")
        {
            Description = "Reals held out for r_v and the overfitting histograms",
            DefaultValueFactory = _ => D.Validation,
        };
        var gamma = new Option<double?>("--gamma")
        {
            Description = $"R1 weight (default: the configuration's: {TrainingDefaults.Describe(d => Num(d.Gamma))})",
        };
        var plWeight = new Option<double?>("--pl-weight")
        {
            Description = "Path-length regularisation weight (default: the configuration's: " +
                          $"{TrainingDefaults.Describe(d => Num(d.PlWeight))})",
        };
        var tick = new Option<double>("--tick")
        {
            Description = "kimg per tick",
            DefaultValueFactory = _ => D.KimgPerTick,
        };
        var snap = new Option<int>("--snap")
        {
            Description = "Snapshot every N ticks",
            DefaultValueFactory = _ => D.SnapshotTicks,
        };
        var keep = new Option<int>("--keep-snapshots")
        {
            Description = "Snapshots kept in the run folder (the newest)",
            DefaultValueFactory = _ => D.KeepSnapshots,
        };
        var freezeD = new Option<int>("--freezed")
        {
            Description = "Freeze-D: layers of D not trained",
            DefaultValueFactory = _ => D.FreezeD,
        };
        var precision = CommonOptions.Precision();
        var mixedRes = CommonOptions.MixedRes();
        var threads = CommonOptions.Threads();
        var quiet = new Option<bool>("--quiet") { Description = "One line per tick instead of a live display" };
        var metrics = new Option<string?>("--metrics")
        {
            Description = "Metrics during training, e.g. fd,kid (offline ResNet18 features at 112x112 unless " +
                          "Inception-v3 is given or chosen with --detector)",
        };
        var metricTicks = new Option<int>("--metric-ticks")
        {
            Description = "Compute the metrics every N ticks (and at the end)",
            DefaultValueFactory = _ => 5,
        };
        var metricNum = new Option<int>("--metric-num")
        {
            Description = "Generated images per metric evaluation",
            DefaultValueFactory = _ => 1000,
        };
        var detector = new Option<string?>("--detector")
        {
            Description = "Feature network for the metrics: auto (default: inception if $ADA_INCEPTION_PT is set, " +
                          "else resnet18-112), " +
                          "resnet18-112 (offline), resnet18 (offline, 224x224, slower), fmnist (a Fashion-MNIST " +
                          "classifier trained once at the data's resolution) or inception (needs the file)",
        };
        var command = new Command("train", "Train a GAN with adaptive discriminator augmentation. With no options, " +
            $"a first run that shows ADA at work in minutes on a CPU: the {D.Config} networks on {D.Subset} of the " +
            $"face emoji ({D.Data}), {D.Kimg:0.#} kimg, ada_kimg {D.AdaKimg:0.#}; on so few images D starts to " +
            "memorise them, ADA raises p and holds r_t near its target 0.6, and the samples become recognisable " +
            "faces.")
        {
            data, outDir, kimg, config, batch, aug, p, rampKimg, target, heuristic, adaKimg, pMax, preset, resume,
            overwrite, seed,
            mirror, cond, subset, validation, gamma, plWeight, tick, snap, keep, freezeD, precision, mixedRes, threads,
            quiet, metrics,
            metricTicks,
            metricNum, detector,
        };
        command.SetAction(r => CliErrors.Guard(() =>
        {
            CommonOptions.ApplyThreads(r, threads);
            var runDir = r.GetValue(outDir)!;
            var resumeValue = r.GetValue(resume);
            if (resumeValue == "latest") resumeValue = runDir;
            if (resumeValue is not null && !File.Exists(resumeValue) && !Directory.Exists(resumeValue))
                throw new UserError($"--resume {resumeValue}: no such snapshot or run folder");
            var options = new TrainingOptions
            {
                Data = r.GetValue(data)!, OutDir = runDir, Kimg = r.GetValue(kimg), Config = r.GetValue(config)!,
                Batch = r.GetValue(batch),
                Augment = ParseMode(r.GetValue(aug)!), P = r.GetValue(p), RampKimg = r.GetValue(rampKimg),
                Target = r.GetValue(target),
                Heuristic = r.GetValue(heuristic) switch
                {
                    "rt" => Heuristic.Rt, "rv" => Heuristic.Rv, var h => throw new UserError($"--heuristic {h}: " +
                        "expected rt or rv"),
                },
                AdaKimg = r.GetValue(adaKimg) ?? (resumeValue is null ? D.AdaKimg : null),
                PMax = r.GetValue(pMax), Preset = r.GetValue(preset)!,
                Resume = resumeValue,
                Seed = r.GetValue(seed), Mirror = r.GetValue(mirror), Conditional = r.GetValue(cond),
                Subset = r.GetValue(subset) ?? (CommonOptions.Given(r, data) ? null : D.Subset),
                Validation = r.GetValue(validation), Gamma = r.GetValue(gamma), PlWeight = r.GetValue(plWeight),
                KimgPerTick = r.GetValue(tick), SnapshotTicks = r.GetValue(snap), KeepSnapshots = r.GetValue(keep),
                FreezeD = r.GetValue(freezeD),
                Precision = CommonOptions.ReadPrecision(r, precision), MixedRes = r.GetValue(mixedRes),
                Metrics = ExperimentCommand.List(r.GetValue(metrics) ?? ""),
                MetricTicks = r.GetValue(metricTicks), MetricNum = r.GetValue(metricNum),
            };
            // Continuing a run: its own options, with those given now applied (and said) or refused.
            var saved = resumeValue is null ? null : ResumeChanges.SavedOptions(resumeValue, runDir);
            if (saved is not null)
            {
                var given = command.Options.Where(o => CommonOptions.Given(r, o)).Select(o => o.Name).ToHashSet();
                (options, var changes) = ResumeChanges.Apply(saved, options, given);
                if (changes.Count > 0) Console.WriteLine($"resuming with changes: {string.Join("; ", changes)}");
            }
            return Run(options, r.GetValue(quiet) || Console.IsOutputRedirected, r.GetValue(detector),
                r.GetValue(overwrite));
        }));
        return command;
    }

    static string Num(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);

    internal static string Name(AugmentMode mode) => mode.ToString().ToLowerInvariant();

    static AugmentMode ParseMode(string s) =>
        Enum.GetValues<AugmentMode>().FirstOrDefault(m => Name(m) == s, (AugmentMode)(-1)) is var m && m >= 0
            ? m
            : throw new UserError($"--aug {s}: expected " +
                                  $"{string.Join(", ", Enum.GetValues<AugmentMode>().Select(Name))}");

    public static int Run(TrainingOptions options, bool plain, string? detector = null, bool overwrite = false)
    {
        using var trainer = new Trainer(options);
        using var extractor = options.Metrics.Count > 0 ? Metrics.FeatureExtractors.Create(detector,
            resolution: trainer.Train.Height, log: Console.WriteLine) : null;
        if (extractor is not null)
            trainer.MetricsProvider = Metrics.TrainingMetrics.Provider(extractor, trainer.Train, options.Metrics,
                options.MetricNum);
        using var recorder = new RunRecorder(trainer, overwrite);
        foreach (var note in recorder.Notes) Console.WriteLine(note);
        using var cancel = new CancellationTokenSource();
        // Ctrl+C stops after the current tick's snapshot; the handler is removed again when the run ends.
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        try { return Train(trainer, recorder, cancel, plain); }
        finally { Console.CancelKeyPress -= onCancel; }
    }

    static int Train(Trainer trainer, RunRecorder recorder, CancellationTokenSource cancel, bool plain)
    {
        var options = trainer.Options;
        if (trainer.ResumeNote is { } note) Console.WriteLine(note);
        Console.WriteLine($"training {trainer.Config.Name} G {trainer.G.ParameterCount:N0} / D " +
                          $"{trainer.D.ParameterCount:N0} parameters " +
                          $"on {trainer.Train.Count} images " +
                          $"({trainer.Config.Resolution}x{trainer.Config.Resolution}x{trainer.Config.ImgChannels}), " +
                          $"batch {trainer.BatchSize}, aug {Name(options.Augment)}, " +
                          $"{trainer.Resolved.Schedule.Describe()}, " +
                          $"from {trainer.Nimg / 1000.0:0.###} kimg at p = {trainer.P:0.###} -> {options.OutDir}");
        int before = recorder.Events.Count;
        if (plain)
        {
            trainer.Run(e =>
            {
                recorder.Record(e);
                Console.WriteLine(Line(e));
            }, cancel.Token);
        }
        else
        {
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                    new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("training", maxValue: options.Kimg);
                    task.Value = trainer.Nimg / 1000.0;
                    trainer.Run(e =>
                    {
                        recorder.Record(e);
                        task.Value = e.Kimg;
                        task.Description = Markup.Escape(Line(e));
                    }, cancel.Token);
                });
        }
        Console.WriteLine(recorder.Events.Count == before
            ? "nothing to do: the run is already complete"
            : $"done: {Line(recorder.Events[^1])}");
        if (recorder.Events.Count > before)
            Console.WriteLine(RunSummary.Describe(recorder.Events, trainer.Resolved));
        Console.WriteLine($"run folder: {options.OutDir} (report.html, samples.png, stats.jsonl, snapshots)");
        return 0;
    }

    static string Line(TrainingProgress e)
    {
        var metrics = string.Concat(e.Metrics.Select(kv => $" {kv.Key} {kv.Value:0.###}"));
        var losses = string.Join(" ", e.Losses.Where(kv => kv.Key != "nonfinite_steps")
            .Select(kv => $"{kv.Key} {kv.Value:0.000}"));
        var warn = e.Losses.TryGetValue("nonfinite_steps", out var n)
            ? $" [{n} steps with NaN/inf loss, sanitised]"
            : "";
        return $"tick {e.Tick} kimg {e.Kimg:0.0}/{e.TotalKimg:0} p {e.P:0.000} {e.HeuristicName} {e.Heuristic:0.00} " +
               $"{losses}{metrics} " +
               $"{e.ImagesPerSecond:0} img/s eta {e.Eta:hh\\:mm\\:ss}{warn}";
    }
}
