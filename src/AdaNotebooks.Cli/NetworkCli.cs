using System.Globalization;
using AdaNotebooks.Imaging;
using AdaNotebooks.IO;
using static TorchSharp.torch;

namespace AdaNotebooks.Cli;

/// <summary>Helpers the network commands (import, export, generate, score, bench networks) share.</summary>
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
                                  && long.TryParse(range[1], NumberStyles.None, CultureInfo.InvariantCulture, out var b) && a <= b)
            {
                if (b - a >= 100_000) throw new UserError($"--seeds {text}: at most 100000 seeds at once");
                for (long s = a; s <= b; s++) seeds.Add(s);
            }
            else if (range.Length == 1 && long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var s))
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

    /// <summary>Writes images (float NCHW in [-1, 1]) as a PNG grid or a float32 .npy, by the extension.</summary>
    public static void WriteImages(Tensor images, string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        if (path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase)) Npy.Write(path, images);
        else if (path.EndsWith(".png", StringComparison.OrdinalIgnoreCase)) ImageGrid.Save(images, path);
        else throw new UserError($"{path}: the output must be a .png (grid) or a .npy file");
    }

    /// <summary>Reads images as float NCHW in [-1, 1]: a .npy (float32 NCHW in [-1, 1]) or one PNG image.</summary>
    public static Tensor ReadImages(string path, int channels)
    {
        if (Directory.Exists(path)) throw new UserError($"{path}: a folder; give a .npy file or a PNG image");
        if (!File.Exists(path)) throw new FileNotFoundException($"input not found: {path}", path);
        if (path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
        {
            var x = Npy.Read(path);
            if (x.dim() == 3) x = x.unsqueeze(0);
            if (x.dim() != 4) throw new UserError($"{path}: expected images [N, C, H, W], got shape [{string.Join(", ", x.shape)}]");
            return x;
        }
        if (path.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
        {
            using var image = Png.Decode(File.ReadAllBytes(path));
            var planes = ImageTensors.ToPlanes(image, channels);
            return ImageTensors.FromBytes(planes, [1, channels, image.Height, image.Width]);
        }
        throw new UserError($"{path}: the input must be a .npy file or a PNG image");
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
