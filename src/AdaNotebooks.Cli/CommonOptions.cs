using System.CommandLine;
using AdaNotebooks.Training;

namespace AdaNotebooks.Cli;

/// <summary>The options many commands share, declared once: data, network, seed, threads and output. Defaults come from
/// the library's own defaults (<see cref="TrainingOptions"/>), so --help shows what a run will use.</summary>
public static class CommonOptions
{
    static readonly TrainingOptions Defaults = new();

    public static Option<string> Data(string? defaultValue = null, string? description = null) => new("--data")
    {
        Description = description ?? "Dataset: a folder, zip, CIFAR-10 batch, IDX file, or builtin:NAME",
        DefaultValueFactory = _ => defaultValue ?? Defaults.Data,
    };

    public static Option<int?> Resolution(int? defaultValue = null,
        string description = "Resize to RxR (box filter)") =>
        new("--res") { Description = description, DefaultValueFactory = _ => defaultValue };

    public static Option<int?> Channels() => new("--channels") { Description = "1 or 3 (default: the dataset's)" };

    public static Option<string> Config(string? defaultValue = null) => new("--config")
    {
        Description = "Network configuration: cpu, small, cifar or auto",
        DefaultValueFactory = _ => defaultValue ?? Defaults.Config,
    };

    /// <summary>--batch without a default: the configuration's.</summary>
    public static Option<int?> Batch() => new("--batch")
    {
        Description = "Minibatch size (default: the configuration's: " +
                      $"{TrainingDefaults.Describe(d => d.Batch.ToString())})",
    };

    /// <summary>--batch with a fixed default (studies and benchmarks).</summary>
    public static Option<int> Batch(int defaultValue) => new("--batch")
    {
        Description = "Minibatch size",
        DefaultValueFactory = _ => defaultValue,
    };

    public static Option<int> Seed(int defaultValue = 0) => new("--seed")
    {
        Description = "Random seed",
        DefaultValueFactory = _ => defaultValue,
    };

    /// <summary>A study's seeds: --seed for the held-out split, --seeds for training (every cell once per seed).
    /// </summary>
    public static (Option<int> Seed, Option<string> Seeds) StudySeeds(int split, IReadOnlyList<int> training) => (
        new("--seed") { Description = "Seed of the held-out split", DefaultValueFactory = _ => split },
        new("--seeds")
        {
            Description = "Training seeds, comma-separated: every cell runs once per seed",
            DefaultValueFactory = _ => string.Join(",", training),
        });

    /// <summary>The --seeds list: whole numbers >= 0.</summary>
    public static List<int> ReadSeeds(ParseResult r, Option<string> seeds) =>
        ExperimentCommand.Numbers("--seeds", r.GetValue(seeds)!).Select(v =>
            v >= 0 && v == Math.Floor(v) && v <= int.MaxValue
                ? (int)v
                : throw new UserError($"--seeds: {v} is not a whole number >= 0")).ToList();

    public static Option<string> Precision() => new("--precision")
    {
        Description = "What G and D compute in: fp32, bf16 (the highest --mixed-res resolutions; master weights, " +
                      "optimiser, EMA, losses and snapshots stay fp32) or auto (bf16 where a start-up check finds " +
                      "this CPU's bf16 convolutions right and >= 1.3x faster; ada doctor says which)",
        DefaultValueFactory = _ => "auto",
    };

    public static Option<int?> MixedRes() => new("--mixed-res")
    {
        Description = "With bf16: how many of the highest resolutions of G and D run in bf16, the reference's " +
                      "num_fp16_res (default: the configuration's: " +
                      $"{TrainingDefaults.Describe(d => d.MixedRes.ToString())})",
    };

    /// <summary>The --precision value.</summary>
    public static Training.Precision ReadPrecision(ParseResult r, Option<string> precision) =>
        r.GetValue(precision)!.Trim().ToLowerInvariant() switch
        {
            "auto" => Training.Precision.Auto,
            "fp32" => Training.Precision.Fp32,
            "bf16" => Training.Precision.Bf16,
            var v => throw new UserError($"--precision {v}: expected fp32, bf16 or auto"),
        };

    public static Option<int?> Threads() => new("--threads")
    {
        Description = "Torch intra-op threads (default: one per core)",
    };

    public static Option<string> Out(string defaultValue, string description = "Output folder") =>
        new("--out") { Description = description, DefaultValueFactory = _ => defaultValue };

    /// <summary>Applies --threads, if given.</summary>
    public static void ApplyThreads(ParseResult r, Option<int?> threads)
    {
        if (r.GetValue(threads) is { } t)
        {
            if (t < 1) throw new UserError($"--threads {t}: expected at least 1");
            TorchSharp.torch.set_num_threads(t);
        }
    }

    /// <summary>Whether the user gave <paramref name="option"/> on the command line (not its default).</summary>
    public static bool Given(ParseResult r, Option option) => r.GetResult(option) is { Implicit: false };
}
