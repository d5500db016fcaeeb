using System.CommandLine;
using System.Diagnostics;
using AdaNotebooks.Data;
using AdaNotebooks.Networks;
using AdaNotebooks.Training;

namespace AdaNotebooks.Cli;

/// <summary>`ada bench train`: training throughput (img/s) of the real trainer on the embedded dataset, the
/// augmentation's share of a step (the same run at p = 0, where the pipeline skips every image, against the
/// given p), and the process's resident memory as steps accumulate (it must stay flat). With --profile: the time per
/// phase of a step, the tensors created per step, the step's FLOPs from the layer shapes (<see cref="FlopCount"/>)
/// and its efficiency against a large float32 matmul measured in the same run.</summary>
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
        var profile = new Option<bool>("--profile")
        {
            Description = "Time each phase of --steps minibatches at --p (after a warm-up), count FLOPs and tensors " +
                          "per step, and compare with a float32 matmul's GFLOP/s",
        };
        var precision = CommonOptions.Precision();
        var mixedRes = CommonOptions.MixedRes();
        var threads = CommonOptions.Threads();
        var data = CommonOptions.Data();
        var command = new Command("train", "Training throughput, the augmentation's share of a step, memory over " +
                                           "steps.") { config, res, batch, p, steps, memorySteps, profile, precision,
            mixedRes, threads, data };
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
                    Precision = CommonOptions.ReadPrecision(r, precision), MixedRes = r.GetValue(mixedRes),
                };
                PrecisionChoice? used = null;
                double Rate(double pValue, out double augmentShare)
                {
                    using var trainer = new Trainer(Options(pValue));
                    used = trainer.Resolved.Precision;
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
                if (r.GetValue(profile))
                {
                    // One tick for the warm-up and the measured steps, so that no tick ends among the latter.
                    using var trainer = new Trainer(Options(r.GetValue(p)) with
                    {
                        KimgPerTick = n * (3 + count) / 1e3,
                    });
                    trainer.RunTick(totalNimg: (long)n * 3);                        // warm-up
                    trainer.Profiler = new StepProfiler();
                    trainer.RunTick(totalNimg: (long)n * (3 + count));
                    Console.WriteLine($"config {r.GetValue(config)} {r.GetValue(res)}x{r.GetValue(res)}, batch {n}, " +
                                      $"p = {r.GetValue(p)}, {trainer.Profiler.Steps} steps after 3 warm-up, threads " +
                                      $"{TorchSharp.torch.get_num_threads()}, precision {trainer.Resolved.Precision}");
                    PrintProfile(trainer, trainer.Profiler);
                    Console.WriteLine($"train img/s: {n / (trainer.Profiler.StepMs / 1000):F1} (the profiled steps)");
                    return 0;
                }
                double plain = Rate(0, out _);
                double augmented = Rate(r.GetValue(p), out var forwardShare);
                Console.WriteLine($"config {r.GetValue(config)} {r.GetValue(res)}x{r.GetValue(res)}, batch {n}, " +
                                  $"{count} steps, threads {TorchSharp.torch.get_num_threads()}, precision {used}");
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

    static void PrintProfile(Trainer trainer, StepProfiler profile)
    {
        double step = profile.StepMs;
        Console.WriteLine($"{"phase",-14} {"ms/step",9} {"share",7} {"tensors",8}");
        void Row(string name, double ms, double tensors) =>
            Console.WriteLine($"{name,-14} {ms,9:F2} {ms / step,7:P1} {tensors,8:F0}");
        foreach (var phase in StepProfiler.Phases)
            Row(StepProfiler.Name(phase), profile.MeanMs(phase), profile.MeanTensors(phase));
        Row("bookkeeping", profile.BookkeepingMs, profile.BookkeepingTensors);
        Row("step", step, (double)profile.TensorsCreated / profile.Steps);
        Console.WriteLine($"tensors created per step: {(double)profile.TensorsCreated / profile.Steps:F0} (one per " +
                          "tensor-returning call from .NET, about the ops issued from managed code; the native ops " +
                          "autograd runs inside backward are not counted)");

        var config = trainer.Config;
        bool r1 = trainer.Resolved.Hyper.Gamma > 0;
        double flops = FlopCount.TrainingStep(config, trainer.BatchSize, r1 ? trainer.Options.R1Interval : 0,
            trainer.PathLength is null ? 0 : PathLengthPenalty.Interval,
            PathLengthPenalty.ReducedBatch(trainer.BatchSize));
        double achieved = flops / (step / 1000) / 1e9, matmul = MatmulGflops(2048);
        Console.WriteLine($"FLOPs per step (layer shapes, FlopCount): {flops / 1e9:F2} GFLOP (per image: G forward " +
                          $"{FlopCount.GeneratorForward(config) / 1e9:F3}, D forward " +
                          $"{FlopCount.DiscriminatorForward(config) / 1e9:F3} GFLOP)");
        Console.WriteLine($"float32 matmul 2048x2048, best of 5: {matmul:F1} GFLOP/s");
        Console.WriteLine($"step: {achieved:F1} GFLOP/s, efficiency {achieved / matmul:F3} of the matmul rate");
    }

    /// <summary>GFLOP/s of an n x n float32 matmul (2 n^3 FLOPs), best of 5 after one warm-up.</summary>
    static double MatmulGflops(int n)
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        var a = TorchSharp.torch.randn(n, n);
        var b = TorchSharp.torch.randn(n, n);
        a.matmul(b).Dispose();
        double best = double.MaxValue;
        for (int i = 0; i < 5; i++)
        {
            var sw = Stopwatch.StartNew();
            a.matmul(b).Dispose();
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        return 2.0 * n * n * n / best / 1e9;
    }
}
