using System.CommandLine;
using System.Globalization;
using AdaNotebooks.Experiments;

namespace AdaNotebooks.Cli;

/// <summary>`ada experiment leak|leak-toy|limited-data|instrument|frozen-rt`: the course's experiments at full size,
/// writing their numbers, plots and every run's folder to --out.</summary>
public static class ExperimentCommand
{
    public static Command Create()
    {
        var command = new Command("experiment",
            "Run the leakage experiment, its exact toy or the limited-data study; results go to a folder.");
        command.Subcommands.Add(Leak());
        command.Subcommands.Add(LeakToyCommand.Create());
        command.Subcommands.Add(LimitedDataCommand.Create());
        command.Subcommands.Add(InstrumentCommand.Create());
        command.Subcommands.Add(FrozenRtCommand.Create());
        return command;
    }

    internal static string[] List(string text) => text.Split(',',
        StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    internal static double[] Numbers(string option, string text)
        => List(text).Select(v =>
            double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
                ? x
                : throw new UserError($"{option} {text}: '{v}' is not a number")).ToArray();

    internal static void Log(string message) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

    /// <summary>A finished study's last words: its results as markdown, and where its files are.</summary>
    internal static int PrintResults(string markdown, string outDir, string files)
    {
        Console.WriteLine();
        Console.WriteLine(markdown);
        Console.WriteLine($"results: {Path.Combine(outDir, "results.md")} ({files})");
        return 0;
    }

    static Command Leak()
    {
        var defaults = new LeakExperimentOptions();
        var data = CommonOptions.Data(defaults.Data, "Upright images (e.g. data/fashion-mnist, builtin:emoji32)");
        var res = CommonOptions.Resolution(defaults.Resolution);
        var channels = CommonOptions.Channels();
        var outDir = CommonOptions.Out(defaults.OutDir);
        var config = CommonOptions.Config(defaults.Config);
        var kimg = new Option<double>("--kimg")
        {
            DefaultValueFactory = _ => defaults.Kimg,
            Description = "Training length of each run",
        };
        var batch = CommonOptions.Batch(defaults.Batch);
        var (seed, seeds) = CommonOptions.StudySeeds(defaults.Seed, defaults.Seeds);
        var ops = new Option<string>("--ops")
        {
            DefaultValueFactory = _ => string.Join(",", defaults.Ops),
            Description = $"Comma-separated, any of {string.Join(", ", LeakExperimentOptions.SupportedOps)}",
        };
        var ps = new Option<string>("--ps")
        {
            DefaultValueFactory = _ => string.Join(",",
                defaults.Ps.Select(p => p.ToString(CultureInfo.InvariantCulture))),
        };
        var bcr = new Option<bool>("--bcr")
        {
            DefaultValueFactory = _ => defaults.Bcr,
            Description = "Also one bCR run per op",
        };
        var samples = new Option<int>("--samples")
        {
            DefaultValueFactory = _ => defaults.Samples,
            Description = "Generated images judged per run",
        };
        var heldOut = new Option<int>("--held-out") { DefaultValueFactory = _ => defaults.HeldOut };
        var trainImages = new Option<int?>("--train-images")
        {
            Description = "Train the GANs on this many images (default: all not held out)",
        };
        var designs = new Option<string>("--designs")
        {
            DefaultValueFactory = _ => string.Join(",", defaults.Designs),
            Description = "How p is set, comma-separated: fixed (from step 0), ramp (0 to p over --ramp-kimg), ada " +
                          "(adaptive, this op only), finetune (the fixed p = 1 run continued at each p)",
        };
        var rampKimg = new Option<double?>("--ramp-kimg")
        {
            Description = "Design ramp: kimg to reach p (default: half of --kimg)",
        };
        var adaKimg = new Option<double>("--ada-kimg")
        {
            DefaultValueFactory = _ => defaults.AdaKimg,
            Description = "Design ada: kimg for the controller to move p by 1",
        };
        var finetuneKimg = new Option<double?>("--finetune-kimg")
        {
            Description = "Design finetune: kimg trained on from the p = 1 run's snapshot (default: half of --kimg)",
        };
        var leakEvery = new Option<double?>("--leak-every")
        {
            Description = "Measure the leak every this many kimg during each run (default: only at the end)",
        };
        var threads = CommonOptions.Threads();
        var jobs = StudyWorkers.Jobs();
        var cell = StudyWorkers.Cell();
        var command = new Command("leak", "Train with one augmentation (p fixed, ramped, adaptive or fine-tuned from " +
                                          "p = 1; and bCR) and measure how much of it the generator reproduces.")
            { data, res, channels, outDir, config, kimg, batch, seed, seeds, ops, ps, bcr, designs, rampKimg, adaKimg,
                finetuneKimg, leakEvery, samples, heldOut, trainImages, threads, jobs, cell };
        command.SetAction(r => CliErrors.Guard(() =>
        {
            CommonOptions.ApplyThreads(r, threads);
            var options = new LeakExperimentOptions
            {
                Data = r.GetValue(data)!, Resolution = r.GetValue(res), Channels = r.GetValue(channels),
                OutDir = r.GetValue(outDir)!,
                Config = r.GetValue(config)!, Kimg = r.GetValue(kimg), Batch = r.GetValue(batch),
                Seed = r.GetValue(seed), Seeds = CommonOptions.ReadSeeds(r, seeds),
                Ops = List(r.GetValue(ops)!),
                Ps = Numbers("--ps", r.GetValue(ps)!), Bcr = r.GetValue(bcr), Samples = r.GetValue(samples),
                HeldOut = r.GetValue(heldOut), TrainImages = r.GetValue(trainImages),
                Designs = List(r.GetValue(designs)!), RampKimg = r.GetValue(rampKimg), AdaKimg = r.GetValue(adaKimg),
                FinetuneKimg = r.GetValue(finetuneKimg), LeakEvery = r.GetValue(leakEvery),
            };
            var execution = StudyWorkers.Resolve(r, jobs, cell, threads);
            var report = LeakExperiment.Run(options, Log, execution: execution);
            if (execution.IsWorker) return 0;
            return PrintResults(report.ToMarkdown(), options.OutDir, "results.json, leak.svg, leak.html, one sample " +
                "grid per run" + (options.LeakEvery is null ? "" : ", leak-OP-DESIGN.svg, leak-trajectories.html"));
        }));
        return command;
    }
}
