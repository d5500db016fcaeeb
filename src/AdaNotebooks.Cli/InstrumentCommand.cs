using System.CommandLine;
using AdaNotebooks.Experiments;

namespace AdaNotebooks.Cli;

/// <summary>`ada experiment instrument`: what each feature network can judge on a study's split (halves of the
/// reference, the floor, shuffled pixels, a memorising G per training size and seed).</summary>
public static class InstrumentCommand
{
    public static Command Create()
    {
        var d = new InstrumentOptions();
        var data = CommonOptions.Data(d.Data, "The study's dataset");
        var res = CommonOptions.Resolution(d.Resolution);
        var channels = CommonOptions.Channels();
        var heldOut = new Option<int>("--held-out")
        {
            DefaultValueFactory = _ => d.HeldOut, Description = "Reference images kept apart, as in the study",
        };
        var validation = new Option<int>("--validation")
        {
            DefaultValueFactory = _ => d.Validation,
            Description = "Images each run holds out for D's validation outputs, as in the study",
        };
        var metricNum = new Option<int>("--metric-num")
        {
            DefaultValueFactory = _ => d.MetricNum, Description = "Images per score, as the study's --metric-num",
        };
        var detectors = new Option<string>("--detectors")
        {
            DefaultValueFactory = _ => string.Join(",", d.Detectors),
            Description = $"Feature networks, comma-separated: {Metrics.FeatureExtractors.Choices}",
        };
        var sizes = new Option<string>("--sizes")
        {
            DefaultValueFactory = _ => string.Join(",", d.Sizes), Description = "Training-set sizes of the study",
        };
        var (seed, seeds) = CommonOptions.StudySeeds(d.Seed, d.Seeds);
        var outDir = CommonOptions.Out(d.OutDir);
        var threads = CommonOptions.Threads();
        var command = new Command("instrument", "Measure what the metrics' feature networks can tell on a study's " +
                                                "split: reference halves, floor, shuffled pixels, memorised sets.")
            { data, res, channels, heldOut, validation, metricNum, detectors, sizes, seed, seeds, outDir, threads };
        command.SetAction(r => CliErrors.Guard(() =>
        {
            CommonOptions.ApplyThreads(r, threads);
            var options = new InstrumentOptions
            {
                Data = r.GetValue(data)!, Resolution = r.GetValue(res), Channels = r.GetValue(channels) ?? d.Channels,
                HeldOut = r.GetValue(heldOut), Validation = r.GetValue(validation), MetricNum = r.GetValue(metricNum),
                Detectors = ExperimentCommand.List(r.GetValue(detectors)!),
                Sizes = ExperimentCommand.Numbers("--sizes", r.GetValue(sizes)!)
                    .Select(v => v >= 1 && v == Math.Floor(v)
                        ? (int)v
                        : throw new UserError($"--sizes: {v} is not a whole number >= 1")).ToList(),
                Seed = r.GetValue(seed), Seeds = CommonOptions.ReadSeeds(r, seeds), OutDir = r.GetValue(outDir)!,
            };
            if (options.MetricNum < 2) throw new UserError($"--metric-num {options.MetricNum}: expected at least 2");
            var report = InstrumentCheck.Run(options, ExperimentCommand.Log);
            report.Write();
            return ExperimentCommand.PrintResults(report.ToMarkdown(), options.OutDir, "results.json");
        }));
        return command;
    }
}
