using System.CommandLine;
using AdaNotebooks.Ada;
using AdaNotebooks.Augmentation;
using AdaNotebooks.Training;
using Spectre.Console;

namespace AdaNotebooks.Cli;

/// <summary>`ada train`: StyleGAN2-ADA training with a live progress display; writes a run folder (snapshots,
/// stats.jsonl, TensorBoard events, samples.png, report.html).</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Dataset: a folder, zip, CIFAR-10 batch, IDX file, or builtin:NAME", DefaultValueFactory = _ => "builtin:emoji32" };
        var outDir = new Option<string>("--out") { Description = "Run folder", DefaultValueFactory = _ => "runs/emoji32-ada" };
        var kimg = new Option<double>("--kimg") { Description = "Training length in thousands of real images (the default fits in about 10 minutes on 2 CPU cores)", DefaultValueFactory = _ => 10 };
        var config = new Option<string>("--config") { Description = "Network configuration: cpu, small, cifar or auto", DefaultValueFactory = _ => "cpu" };
        var batch = new Option<int?>("--batch") { Description = "Minibatch size (default: the configuration's)" };
        var aug = new Option<string>("--aug") { Description = "ada, fixed, noaug, diffaug or bcr", DefaultValueFactory = _ => "ada" };
        var p = new Option<double>("--p") { Description = "Fixed p (fixed, bcr) or initial p (ada)", DefaultValueFactory = _ => 0 };
        var target = new Option<double?>("--target") { Description = "ADA target (0.6 for r_t, 0.5 for r_v)" };
        var heuristic = new Option<string>("--heuristic") { Description = "rt or rv", DefaultValueFactory = _ => "rt" };
        var adaKimg = new Option<double?>("--ada-kimg") { Description = "kimg for p to go from 0 to 1 (500; 100 when fine-tuning)" };
        var pMax = new Option<double?>("--p-max") { Description = "Cap on p (off by default)" };
        var preset = new Option<string>("--preset")
        {
            Description = $"Augmentation preset: {string.Join(", ", AugmentOps.PresetNames)}, " +
                          "an op name or a comma-separated list",
            DefaultValueFactory = _ => "bgc",
        };
        var resume = new Option<string?>("--resume") { Description = "Continue a run (latest, or a run folder / snapshot); another run's or an imported snapshot means transfer learning" };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 0 };
        var mirror = new Option<bool>("--mirror") { Description = "Add x-flipped copies of the images" };
        var cond = new Option<bool?>("--cond") { Description = "Class-conditional training: true/false (default: when the dataset has labels)" };
        var subset = new Option<int?>("--subset") { Description = "Train on a seeded subset of N images" };
        var validation = new Option<int>("--validation") { Description = "Reals held out for r_v and the overfitting histograms", DefaultValueFactory = _ => 200 };
        var gamma = new Option<double?>("--gamma") { Description = "R1 weight" };
        var tick = new Option<double>("--tick") { Description = "kimg per tick", DefaultValueFactory = _ => 1 };
        var snap = new Option<int>("--snap") { Description = "Snapshot every N ticks", DefaultValueFactory = _ => 5 };
        var freezeD = new Option<int>("--freezed") { Description = "Freeze-D: layers of D not trained", DefaultValueFactory = _ => 0 };
        var threads = new Option<int?>("--threads") { Description = "Torch threads" };
        var quiet = new Option<bool>("--quiet") { Description = "One line per tick instead of a live display" };
        var metrics = new Option<string?>("--metrics") { Description = "Metrics during training, e.g. fd,kid (offline ResNet18 features at 112x112 unless Inception-v3 is given or chosen with --detector)" };
        var metricTicks = new Option<int>("--metric-ticks") { Description = "Compute the metrics every N ticks (and at the end)", DefaultValueFactory = _ => 5 };
        var metricNum = new Option<int>("--metric-num") { Description = "Generated images per metric evaluation", DefaultValueFactory = _ => 1000 };
        var detector = new Option<string?>("--detector") { Description = "Feature network for the metrics: auto (default: inception if $ADA_INCEPTION_PT is set, else resnet18-112), resnet18-112 (offline), resnet18 (offline, 224x224, slower) or inception (needs the file)" };
        var command = new Command("train", "Train a GAN with adaptive discriminator augmentation.")
            { data, outDir, kimg, config, batch, aug, p, target, heuristic, adaKimg, pMax, preset, resume, seed, mirror, cond, subset, validation, gamma, tick, snap, freezeD, threads, quiet, metrics, metricTicks, metricNum, detector };
        command.SetAction(r => CliErrors.Guard(() =>
        {
            if (r.GetValue(threads) is { } t) TorchSharp.torch.set_num_threads(t);
            var runDir = r.GetValue(outDir)!;
            var resumeValue = r.GetValue(resume);
            if (resumeValue == "latest") resumeValue = runDir;
            if (resumeValue is not null && !File.Exists(resumeValue) && !Directory.Exists(resumeValue))
                throw new UserError($"--resume {resumeValue}: no such snapshot or run folder");
            var options = new TrainingOptions
            {
                Data = r.GetValue(data)!, OutDir = runDir, Kimg = r.GetValue(kimg), Config = r.GetValue(config)!, Batch = r.GetValue(batch),
                Augment = ParseMode(r.GetValue(aug)!), P = r.GetValue(p), Target = r.GetValue(target),
                Heuristic = r.GetValue(heuristic) switch { "rt" => Heuristic.Rt, "rv" => Heuristic.Rv, var h => throw new UserError($"--heuristic {h}: expected rt or rv") },
                AdaKimg = r.GetValue(adaKimg), PMax = r.GetValue(pMax), Preset = r.GetValue(preset)!, Resume = resumeValue, Seed = r.GetValue(seed),
                Mirror = r.GetValue(mirror), Conditional = r.GetValue(cond), Subset = r.GetValue(subset), Validation = r.GetValue(validation), Gamma = r.GetValue(gamma),
                KimgPerTick = r.GetValue(tick), SnapshotTicks = r.GetValue(snap), FreezeD = r.GetValue(freezeD),
                Metrics = (r.GetValue(metrics) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                MetricTicks = r.GetValue(metricTicks), MetricNum = r.GetValue(metricNum),
            };
            return Run(options, r.GetValue(quiet) || Console.IsOutputRedirected, r.GetValue(detector));
        }));
        return command;
    }

    static AugmentMode ParseMode(string s) => s switch
    {
        "ada" => AugmentMode.Ada, "fixed" => AugmentMode.Fixed, "noaug" => AugmentMode.NoAug, "diffaug" => AugmentMode.DiffAug, "bcr" => AugmentMode.Bcr,
        _ => throw new UserError($"--aug {s}: expected ada, fixed, noaug, diffaug or bcr"),
    };

    public static int Run(TrainingOptions options, bool plain, string? detector = null)
    {
        using var trainer = new Trainer(options);
        using var extractor = options.Metrics.Count > 0 ? Metrics.FeatureExtractors.Create(detector) : null;
        if (extractor is not null)
            trainer.MetricsProvider = Metrics.TrainingMetrics.Provider(extractor, trainer.Train, options.Metrics, options.MetricNum);
        using var log = new RunLog(options.OutDir);
        // A resumed run keeps its history (and drops ticks logged after the snapshot it resumes from).
        var events = trainer.Nimg > 0 ? log.ResumeHistory(trainer.Nimg / 1000.0) : [];
        using var cancel = new CancellationTokenSource();
        // Ctrl+C stops after the current tick's snapshot; the handler is removed again when the run ends.
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        try { return Train(trainer, options, log, events, cancel, plain); }
        finally { Console.CancelKeyPress -= onCancel; }
    }

    static int Train(Trainer trainer, TrainingOptions options, RunLog log, List<TrainingProgress> events, CancellationTokenSource cancel, bool plain)
    {
        Console.WriteLine($"training {trainer.Config.Name} G {trainer.G.ParameterCount:N0} / D {trainer.D.ParameterCount:N0} parameters on {trainer.Train.Count} images " +
                          $"({trainer.Config.Resolution}x{trainer.Config.Resolution}x{trainer.Config.ImgChannels}), batch {trainer.BatchSize}, aug {options.Augment}, " +
                          $"from {trainer.Nimg / 1000.0:0.###} kimg at p = {trainer.P:0.###} -> {options.OutDir}");
        void OnTick(TrainingProgress e)
        {
            events.Add(e);
            log.Write(e);
            RunReport.Write(options.OutDir, $"AdaNotebooks run: {Path.GetFileName(Path.GetFullPath(options.OutDir))}", events, options);
        }
        if (plain)
        {
            trainer.Run(e =>
            {
                OnTick(e);
                Console.WriteLine(Line(e));
            }, cancel.Token);
        }
        else
        {
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("training", maxValue: options.Kimg);
                    task.Value = trainer.Nimg / 1000.0;
                    trainer.Run(e =>
                    {
                        OnTick(e);
                        task.Value = e.Kimg;
                        task.Description = Markup.Escape(Line(e));
                    }, cancel.Token);
                });
        }
        var last = events.LastOrDefault();
        Console.WriteLine(last is null ? "nothing to do: the run is already complete" : $"done: {Line(last)}");
        Console.WriteLine($"run folder: {options.OutDir} (report.html, samples.png, stats.jsonl, snapshots)");
        return 0;
    }

    static string Line(TrainingProgress e)
    {
        var metrics = string.Concat(e.Metrics.Select(kv => $" {kv.Key} {kv.Value:0.###}"));
        var losses = string.Join(" ", e.Losses.Where(kv => kv.Key != "nonfinite_steps").Select(kv => $"{kv.Key} {kv.Value:0.000}"));
        var warn = e.Losses.TryGetValue("nonfinite_steps", out var n) ? $" [{n} steps with NaN/inf loss, sanitised]" : "";
        return $"tick {e.Tick} kimg {e.Kimg:0.0}/{e.TotalKimg:0} p {e.P:0.000} {e.HeuristicName} {e.Heuristic:0.00} {losses}{metrics} {e.ImagesPerSecond:0} img/s eta {e.Eta:hh\\:mm\\:ss}{warn}";
    }
}
