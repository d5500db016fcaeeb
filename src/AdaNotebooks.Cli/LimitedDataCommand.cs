using System.CommandLine;
using System.Globalization;
using AdaNotebooks.Augmentation;
using AdaNotebooks.Experiments;
using AdaNotebooks.Metrics;

namespace AdaNotebooks.Cli;

/// <summary>`ada experiment limited-data`: no augmentation vs ADA vs DiffAugment on small training sets, plus the
/// augmentation-category study.</summary>
public static class LimitedDataCommand
{
    public static Command Create()
    {
        var d = new LimitedDataOptions();
        var data = CommonOptions.Data(d.Data);
        var res = CommonOptions.Resolution(d.Resolution);
        var channels = CommonOptions.Channels();
        var outDir = CommonOptions.Out(d.OutDir);
        var config = CommonOptions.Config(d.Config);
        var kimg = new Option<double>("--kimg")
        {
            DefaultValueFactory = _ => d.Kimg,
            Description = "Training length of each run",
        };
        var batch = CommonOptions.Batch(d.Batch);
        var (seed, seeds) = CommonOptions.StudySeeds(d.Seed, d.Seeds);
        var sizes = new Option<string>("--sizes")
        {
            DefaultValueFactory = _ => string.Join(",", d.Sizes),
            Description = "Training-set sizes (0 = all)",
        };
        var methods = new Option<string>("--methods")
        {
            DefaultValueFactory = _ => string.Join(",", d.Methods),
            Description = "noaug, ada, diffaug, fixed, bcr",
        };
        var adaKimg = new Option<double>("--ada-kimg") { DefaultValueFactory = _ => d.AdaKimg };
        var categories = new Option<string>("--categories")
        {
            DefaultValueFactory = _ => "",
            Description = "Presets for the category study, e.g. " +
                          string.Join(",", AugmentOps.Categories.Select(c => c.PresetName())),
        };
        var categorySize = new Option<int>("--category-size") { DefaultValueFactory = _ => d.CategorySize };
        var categoryPs = new Option<string>("--category-ps")
        {
            DefaultValueFactory = _ => "",
            Description = "Fixed p values for the category study, e.g. 0.1,0.2,0.4,0.8 (default: ADA chooses p)",
        };
        var heldOut = new Option<int>("--held-out")
        {
            DefaultValueFactory = _ => d.HeldOut,
            Description = "Real images kept as the metrics' reference",
        };
        var metricNum = new Option<int>("--metric-num")
        {
            DefaultValueFactory = _ => d.MetricNum,
            Description = "Generated images per score",
        };
        var metricPoints = new Option<int>("--metric-points") { DefaultValueFactory = _ => d.MetricPoints };
        var detector = new Option<string?>("--detector")
        {
            Description = $"Feature network for the scores: {FeatureExtractors.Choices} (default: auto)",
        };
        var precisions = new Option<string>("--precisions")
        {
            DefaultValueFactory = _ => "fp32",
            Description = "fp32, bf16 or fp32,bf16: every cell once per precision on the same seeds",
        };
        var stopRise = new Option<double?>("--stop-rise")
        {
            Description = "Stop a run once its FD has risen from its best by this fraction (e.g. 0.1; the mean of " +
                          "3 evaluations, twice in a row); --kimg is then the budget",
        };
        var stopFrom = new Option<double>("--stop-from")
        {
            DefaultValueFactory = _ => d.StopFrom,
            Description = "The stop rule reads the evaluations from this kimg on (a young GAN's FD can rise as its " +
                          "images form)",
        };
        var threads = CommonOptions.Threads();
        var jobs = StudyWorkers.Jobs();
        var cell = StudyWorkers.Cell();
        var command = new Command("limited-data", "Compare no augmentation, ADA and DiffAugment on small training " +
                                                  "sets (FD/KID, r_t, p, D's outputs).")
            { data, res, channels, outDir, config, kimg, batch, seed, seeds, sizes, methods, adaKimg, categories,
                categorySize, categoryPs, heldOut, metricNum, metricPoints, detector, precisions, stopRise, stopFrom,
                threads, jobs, cell };
        command.SetAction(r => CliErrors.Guard(() =>
        {
            CommonOptions.ApplyThreads(r, threads);
            var options = new LimitedDataOptions
            {
                Data = r.GetValue(data)!, Resolution = r.GetValue(res), Channels = r.GetValue(channels),
                OutDir = r.GetValue(outDir)!,
                Config = r.GetValue(config)!, Kimg = r.GetValue(kimg), Batch = r.GetValue(batch),
                Seed = r.GetValue(seed), Seeds = CommonOptions.ReadSeeds(r, seeds),
                Sizes = ExperimentCommand.Numbers("--sizes", r.GetValue(sizes)!).Select(v => (int)v).ToArray(),
                Methods = ExperimentCommand.List(r.GetValue(methods)!), AdaKimg = r.GetValue(adaKimg),
                Categories = ExperimentCommand.List(r.GetValue(categories)!),
                CategorySize = r.GetValue(categorySize), HeldOut = r.GetValue(heldOut),
                CategoryPs = r.GetValue(categoryPs) is { Length: > 0 } ps
                    ? ExperimentCommand.Numbers("--category-ps", ps)
                    : [],
                MetricNum = r.GetValue(metricNum),
                MetricPoints = r.GetValue(metricPoints), Detector = r.GetValue(detector),
                StopRise = r.GetValue(stopRise), StopFrom = r.GetValue(stopFrom),
                Precisions = ExperimentCommand.List(r.GetValue(precisions)!)
                    .Select(LimitedDataOptions.ParsePrecision).ToArray(),
            };
            var execution = StudyWorkers.Resolve(r, jobs, cell, threads);
            var report = LimitedDataExperiment.Run(options, ExperimentCommand.Log, execution: execution);
            if (execution.IsWorker) return 0;
            return ExperimentCommand.PrintResults(report.ToMarkdown(), options.OutDir,
                "results.json, results.html, chart-*.svg, histogram-*.svg, runs/");
        }));
        return command;
    }
}
