using System.Globalization;
using AdaNotebooks.Imaging;
using AdaNotebooks.IO;
using static TorchSharp.torch;

namespace AdaNotebooks.Cli;

/// <summary>What the network commands (import, export, generate, score, bench networks) share.</summary>
public static class NetworkCli
{
    /// <summary>"0-7", "3", "1,5,9-11" -> the seeds, in order.</summary>
    public static List<long> ParseSeeds(string text)
    {
        var seeds = new List<long>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var range = part.Split('-', 2);
            if (range.Length == 2 && long.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out var a)
                                  && long.TryParse(range[1], NumberStyles.None, CultureInfo.InvariantCulture, out var b)
                                      && a <= b)
            {
                if (b - a >= 100_000) throw new UserError($"--seeds {text}: at most 100000 seeds at once");
                for (long s = a; s <= b; s++) seeds.Add(s);
            }
            else if (range.Length == 1 && long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture,
                out var s))
                seeds.Add(s);
            else
                throw new UserError($"--seeds {text}: expected seeds like 0-7 or 1,5,9-11");
        }
        if (seeds.Count == 0) throw new UserError("--seeds: no seeds given");
        if (seeds.Any(s => s > uint.MaxValue)) throw new UserError("--seeds: seeds must be between 0 and 4294967295");
        return seeds;
    }

    /// <summary>One-hot labels [n, cDim] for class <paramref name="label"/>; null for unconditional networks.</summary>
    public static Tensor? Labels(int cDim, int? label, long n)
    {
        if (cDim == 0)
        {
            if (label is not null) throw new UserError("--class: the network is unconditional");
            return null;
        }
        if (label is not int k) throw new UserError($"the network is conditional ({cDim} classes): give --class K");
        if (k < 0 || k >= cDim) throw new UserError($"--class {k}: expected 0 to {cDim - 1}");
        return nn.functional.one_hot(full(n, k, dtype: int64), cDim).to(float32);
    }

    /// <summary>"--noise-mode" values.</summary>
    public static Networks.NoiseMode ParseNoiseMode(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "const" => Networks.NoiseMode.Const,
        "random" => Networks.NoiseMode.Random,
        "none" => Networks.NoiseMode.None,
        _ => throw new UserError($"--noise-mode {text}: expected random, const or none"),
    };
}
