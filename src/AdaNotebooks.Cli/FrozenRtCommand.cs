using System.CommandLine;
using AdaNotebooks.Experiments;

namespace AdaNotebooks.Cli;

/// <summary>`ada experiment frozen-rt`: trained discriminators read at fixed p (r_t split into the images the pipeline
/// changed and did not change, beside held-out reals).</summary>
public static class FrozenRtCommand
{
    public static Command Create()
    {
        var d = new FrozenRtOptions();
        var data = CommonOptions.Data(d.Data, "The dataset the snapshots were trained on");
        var res = CommonOptions.Resolution(d.Resolution);
        var heldOut = new Option<int>("--held-out")
        {
            DefaultValueFactory = _ => d.HeldOut, Description = "Reference images kept apart, as in the study",
        };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => d.Seed, Description = "The split's seed" };
        var snapshots = new Option<string>("--snapshots")
        {
            Required = true, Description = "Snapshot files or run folders, comma-separated",
        };
        var ps = new Option<string>("--ps")
        {
            DefaultValueFactory = _ => string.Join(",", d.Ps), Description = "The fixed p values D reads at",
        };
        var preset = new Option<string>("--preset") { DefaultValueFactory = _ => d.Preset };
        var draws = new Option<int>("--draws")
        {
            DefaultValueFactory = _ => d.Draws, Description = "Augmented copies of each training image per p",
        };
        var maxImages = new Option<int>("--max-images")
        {
            DefaultValueFactory = _ => d.MaxImages, Description = "At most this many training images per snapshot",
        };
        var outDir = CommonOptions.Out(d.OutDir);
        var threads = CommonOptions.Threads();
        var command = new Command("frozen-rt", "Read trained discriminators at fixed p: r_t on the training images " +
                                               "the pipeline changed and did not change, and on held-out reals.")
            { data, res, heldOut, seed, snapshots, ps, preset, draws, maxImages, outDir, threads };
        command.SetAction(r => CliErrors.Guard(() =>
        {
            CommonOptions.ApplyThreads(r, threads);
            var options = new FrozenRtOptions
            {
                Data = r.GetValue(data)!, Resolution = r.GetValue(res), HeldOut = r.GetValue(heldOut),
                Seed = r.GetValue(seed), Snapshots = ExperimentCommand.List(r.GetValue(snapshots)!),
                Ps = ExperimentCommand.Numbers("--ps", r.GetValue(ps)!), Preset = r.GetValue(preset)!,
                Draws = r.GetValue(draws), MaxImages = r.GetValue(maxImages), OutDir = r.GetValue(outDir)!,
            };
            var report = FrozenRt.Run(options, ExperimentCommand.Log);
            report.Write();
            return ExperimentCommand.PrintResults(report.ToMarkdown(), options.OutDir, "results.json");
        }));
        return command;
    }
}
