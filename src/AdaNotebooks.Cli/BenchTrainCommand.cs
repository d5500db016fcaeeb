using System.CommandLine;
using System.Diagnostics;
using AdaNotebooks.Data;
using AdaNotebooks.Training;

namespace AdaNotebooks.Cli;

/// <summary>`ada bench train`: training throughput (img/s) of the real trainer on the embedded dataset, the
/// augmentation's share of a step (the same run at p = 0, where the pipeline skips every image, against the
/// given p), and the process's resident memory as steps accumulate (it must stay flat).</summary>
public static class BenchTrainCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var res = new Option<int>("--res")
        {
            Description = "Resolution; must be the dataset's",
            DefaultValueFactory = _ => 32,
        };
        var batch = CommonOptions.Batch(32);
        var p = new Option<double>("--p")
        {
            Description = "Fixed augmentation probability for the augmented run",
            DefaultValueFactory = _ => 0.6,
        };
        var steps = new Option<int>("--steps")
        {
            Description = "Minibatches per measurement",
            DefaultValueFactory = _ => 20,
        };
        var memorySteps = new Option<int>("--memory-steps")
        {
            Description = "Also run this many minibatches and report RSS along the way (0: skip)",
            DefaultValueFactory = _ => 0,
        };
        var threads = CommonOptions.Threads();
        var data = CommonOptions.Data();
        var command = new Command("train", "Training throughput, the augmentation's share of a step, memory over " +
                                           "steps.") { config, res, batch, p, steps, memorySteps, threads, data };
        command.SetAction(r => CliErrors.Guard(() =>
        {
            CommonOptions.ApplyThreads(r, threads);
            int n = r.GetValue(batch), count = r.GetValue(steps);
            var outDir = Directory.CreateTempSubdirectory("ada-bench-train-").FullName;
            try
            {
                TrainingOptions Options(double pValue) => new()
                {
                    Data = r.GetValue(data)!, OutDir = outDir, Config = r.GetValue(config)!, Batch = n,
                    Augment = AugmentMode.Fixed, P = pValue,
                    Kimg = 1e6, KimgPerTick = n * count / 1000.0, SnapshotTicks = int.MaxValue,
                    SampleTicks = int.MaxValue, Validation = 0,
                };
                double Rate(double pValue, out double augmentShare)
                {
                    using var trainer = new Trainer(Options(pValue));
                    trainer.RunTick(totalNimg: (long)n * 3);                        // warm-up
                    var e = trainer.RunTick(totalNimg: (long)n * (3 + count));
                    augmentShare = e.AugmentShare;
                    return e.ImagesPerSecond;
                }
                var dataset = Datasets.Open(r.GetValue(data)!);
                if (dataset.Height != r.GetValue(res))
                    throw new UserError($"--res {r.GetValue(res)}: {r.GetValue(data)} holds " +
                                        $"{dataset.Width}x{dataset.Height} images; make a copy at that resolution " +
                                        "with ada dataset convert --res");
                double plain = Rate(0, out _);
                double augmented = Rate(r.GetValue(p), out var forwardShare);
                Console.WriteLine($"config {r.GetValue(config)} {r.GetValue(res)}x{r.GetValue(res)}, batch {n}, " +
                                  $"{count} steps, threads {TorchSharp.torch.get_num_threads()}");
                Console.WriteLine($"p = 0: {plain:F1} img/s; p = {r.GetValue(p)}: {augmented:F1} img/s");
                Console.WriteLine($"augmentation share of a step at p = {r.GetValue(p)}: " +
                                  $"{Math.Max(0, 1 - augmented / plain):P1} (forward passes alone: {forwardShare:P1})");
                if (r.GetValue(memorySteps) is > 0 and var total)
                {
                    // Ticks of 1 kimg as in training (the trainer returns freed heap pages after each); RSS is sampled
                    // every 50 ms, so each block reports its peak as well as the value at its end.
                    using var trainer = new Trainer(Options(r.GetValue(p)) with { KimgPerTick = 1 });
                    long block = Math.Max(1, total / 10), peak = 0, firstPeak = 0, firstStep = 0;
                    using var sampler = new Timer(_ =>
                    {
                        using var self = Process.GetCurrentProcess();
                        long now = self.WorkingSet64;
                        if (now > Interlocked.Read(ref peak)) Interlocked.Exchange(ref peak, now);
                    }, null, 0, 50);
                    for (long done = 0; done < total; done += block)
                    {
                        Interlocked.Exchange(ref peak, 0);
                        long blockEnd = Math.Min(total, done + block);
                        while (trainer.Step < blockEnd) trainer.RunTick(totalNimg: n * blockEnd);
                        using var process = Process.GetCurrentProcess();
                        long blockPeak = Math.Max(Interlocked.Read(ref peak), process.WorkingSet64) / (1024 * 1024);
                        if (firstPeak == 0) (firstPeak, firstStep) = (blockPeak, trainer.Step);
                        Console.WriteLine($"after {trainer.Step} steps: RSS {process.WorkingSet64 / (1024 * 1024)} " +
                                          $"MB, peak during the last {block} steps {blockPeak} MB");
                        if (trainer.Step >= total)
                            Console.WriteLine($"peak RSS over steps {trainer.Step - block}-{trainer.Step} vs over " +
                                              $"steps 1-{firstStep}: {(double)blockPeak / firstPeak - 1:+0.0%;-0.0%}");
                    }
                }
                Console.WriteLine($"train img/s: {augmented:F1}");
                return 0;
            }
            finally { Directory.Delete(outDir, true); }
        }));
        return command;
    }
}
