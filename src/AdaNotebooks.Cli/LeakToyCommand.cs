using System.CommandLine;
using System.Globalization;
using AdaNotebooks.Experiments;

namespace AdaNotebooks.Cli;

/// <summary>`ada experiment leak-toy`: the exact toy GAN swept over ops, p and seeds (seconds per run).</summary>
public static class LeakToyCommand
{
    public static Command Create()
    {
        var d = new LeakToyStudyOptions();
        var ops = new Option<string>("--ops")
        {
            DefaultValueFactory = _ => string.Join(",", d.Ops),
            Description = $"Comma-separated, any of {string.Join(", ", LeakToyOptions.SupportedOps)}",
        };
        var ps = new Option<string>("--ps")
        {
            DefaultValueFactory = _ => string.Join(",", d.Ps.Select(p => p.ToString(CultureInfo.InvariantCulture))),
        };
        var seeds = new Option<string>("--seeds")
        {
            DefaultValueFactory = _ => string.Join(",", d.Seeds),
            Description = "Seeds of D's initial weights, comma-separated: every (op, p) runs once per seed",
        };
        var outDir = CommonOptions.Out(d.OutDir);
        var start = new Option<string>("--start")
        {
            DefaultValueFactory = _ => "uniform",
            Description = "G's start: uniform, or rotated (nearly all its mass on the data turned by the op)",
        };
        var steps = new Option<int>("--steps") { DefaultValueFactory = _ => d.Run.Steps };
        var pixels = new Option<string>("--pixels")
        {
            DefaultValueFactory = _ => "quantized",
            Description = "What D sees of an augmented image: quantized (its state) or resampled (the pipeline's " +
                          "pixels, which ring where the image was flipped or turned)",
        };
        var threads = new Option<int?>("--threads")
        {
            Description = "Torch intra-op threads (default 1: the toy's tensors are too small to share out)",
        };
        var command = new Command("leak-toy", "Train the exact toy GAN on binary 3x3 images with one op at each p " +
                                              "and measure TV(G, data) and G's mass on rotated versions of the data.")
            { ops, ps, seeds, outDir, start, steps, pixels, threads };
        command.SetAction(r => CliErrors.Guard(() =>
        {
            int count = r.GetValue(threads) ?? 1;
            if (count < 1) throw new UserError($"--threads {count}: expected at least 1");
            TorchSharp.torch.set_num_threads(count);
            var options = new LeakToyStudyOptions
            {
                OutDir = r.GetValue(outDir)!, Ops = ExperimentCommand.List(r.GetValue(ops)!),
                Ps = ExperimentCommand.Numbers("--ps", r.GetValue(ps)!), Seeds = CommonOptions.ReadSeeds(r, seeds),
                Run = d.Run with
                {
                    Start = Parse<LeakToyStart>("--start", r.GetValue(start)!), Steps = r.GetValue(steps),
                    Pixels = Parse<LeakToyPixels>("--pixels", r.GetValue(pixels)!),
                },
            };
            var report = LeakToyStudy.Run(options, ExperimentCommand.Log);
            return ExperimentCommand.PrintResults(report.ToMarkdown(), options.OutDir,
                "results.json, results.html, chart-*.svg");
        }));
        return command;
    }

    static T Parse<T>(string option, string value) where T : struct, Enum =>
        Enum.TryParse<T>(value, ignoreCase: true, out var v) && Enum.IsDefined(v) ? v
            : throw new UserError($"{option} {value}: expected " +
                                  string.Join(" or ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant())));
}
