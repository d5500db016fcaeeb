using System.CommandLine;
using System.Diagnostics;
using AdaNotebooks.Augmentation;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaNotebooks.Cli;

/// <summary>`ada bench ...`: throughput measurements (the only place speed targets are measured).</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Measure throughput.");
        bench.Subcommands.Add(Augment());
        bench.Subcommands.Add(BenchTrainCommand.Create());
        bench.Subcommands.Add(BenchMetricsCommand.Create());
        return bench;
    }

    static Command Augment()
    {
        var preset = new Option<string>("--preset")
        {
            Description = $"Augmentation preset: {string.Join(", ", AugmentOps.PresetNames)}, " +
                          "an op name or a comma-separated list",
            DefaultValueFactory = _ => "bgc",
        };
        var res = new Option<int>("--res") { Description = "Image resolution", DefaultValueFactory = _ => 32 };
        var batch = CommonOptions.Batch(64);
        var p = new Option<double>("--p") { Description = "Augmentation probability", DefaultValueFactory = _ => 0.6 };
        var backward = new Option<bool>("--backward") { Description = "Include the backward pass" };
        var threads = CommonOptions.Threads();
        var seconds = new Option<double>("--seconds") { Description = "Measuring time", DefaultValueFactory = _ => 5 };
        var command = new Command("augment", "Images per second of the augmentation pipeline.")
        {
            preset, res, batch, p, backward, threads, seconds,
        };
        command.SetAction(r => CliErrors.Guard(() =>
        {
            CommonOptions.ApplyThreads(r, threads);
            int n = r.GetValue(batch), size = r.GetValue(res);
            if (n < 1 || size < 8) throw new UserError("--batch must be >= 1 and --res >= 8");
            var pipe = new AugmentPipe(AugmentSpec.Preset(r.GetValue(preset)!), r.GetValue(p), new Generator(1));
            bool withBackward = r.GetValue(backward);
            var images = rand(n, 3, size, size).mul(2).sub(1);
            var weights = randn(n, 3, size, size);
            void Step()
            {
                using var scope = NewDisposeScope();
                var x = withBackward ? images.detach().requires_grad_(true) : images;
                var y = pipe.Augment(x);
                if (withBackward) y.mul(weights).sum().backward();
                else _ = y.sum().item<float>();
            }
            for (int i = 0; i < 3; i++) Step();
            var sw = Stopwatch.StartNew();
            long steps = 0;
            while (sw.Elapsed.TotalSeconds < r.GetValue(seconds)) { Step(); steps++; }
            double rate = steps * n / sw.Elapsed.TotalSeconds;
            Console.WriteLine($"preset {r.GetValue(preset)}, {size}x{size}, batch {n}, p {pipe.P}, " +
                              $"{(withBackward ? "forward+backward" : "forward")}, threads " +
                              $"{torch.get_num_threads()}: {steps} steps in {sw.Elapsed.TotalSeconds:F1} s");
            Console.WriteLine($"augment img/s: {rate:F0}");
            return 0;
        }));
        return command;
    }
}
