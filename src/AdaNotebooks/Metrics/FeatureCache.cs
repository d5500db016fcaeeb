using System.Security.Cryptography;
using System.Text;
using AdaNotebooks.Data;
using AdaNotebooks.IO;
using static TorchSharp.torch;

namespace AdaNotebooks.Metrics;

/// <summary>Real-data features, computed once per dataset + network + image count and kept as float32 .npy files
/// (any metric can be computed from them). The key hashes the dataset's pixels and shape (not its path: the same
/// images under another name share an entry), the extractor's fingerprint and the count.</summary>
public sealed class FeatureCache(string folder)
{
    /// <summary>Environment variable that overrides the default cache folder.</summary>
    public const string EnvironmentVariable = "ADA_METRICS_CACHE";

    public string Folder { get; } = folder;

    /// <summary>$ADA_METRICS_CACHE, else $XDG_CACHE_HOME/adanotebooks/metrics, else
    /// ~/.cache/adanotebooks/metrics.</summary>
    public static FeatureCache Default()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } folder)
            return new FeatureCache(folder);
        var cacheHome = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(cacheHome))
            cacheHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return new FeatureCache(Path.Combine(cacheHome, "adanotebooks", "metrics"));
    }

    /// <summary>The cache file for these images, network and count.</summary>
    public string PathFor(ImageDataset dataset, IFeatureExtractor extractor, int count)
        => Path.Combine(Folder,
            $"{SafeName(dataset.Name)}-{extractor.Name}-{count}-{Key(dataset, extractor, count)}.npy");

    /// <summary>SHA-256 (first 16 hex digits) of the pixels, shape, mirroring, network fingerprint and count.</summary>
    public static string Key(ImageDataset dataset, IFeatureExtractor extractor, int count)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(dataset.Pixels);
        hash.AppendData(
            Encoding.UTF8.GetBytes(
                $"|{dataset.Channels}x{dataset.Height}x{dataset.Width}|xflip={dataset.XFlip}" +
                $"|{extractor.Fingerprint}|{count}"));
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    /// <summary>Features of the first <paramref name="count"/> images: read from the cache, or extracted and
    /// stored. <paramref name="hit"/> tells which.</summary>
    public Tensor RealFeatures(ImageDataset dataset, IFeatureExtractor extractor, int count, out bool hit,
        Action<int, int>? progress = null)
    {
        var path = PathFor(dataset, extractor, count);
        if (File.Exists(path))
        {
            try
            {
                var cached = Npy.Read(path);
                if (cached.dim() == 2 && cached.shape[0] == count && cached.shape[1] == extractor.Dimension)
                {
                    hit = true;
                    return cached;
                }
                cached.Dispose();
            }
            catch (InvalidDataException)
            {
                // A damaged entry (e.g. an interrupted write) is recomputed below.
            }
        }
        hit = false;
        var features = FeatureExtraction.OfDataset(extractor, dataset, count, progress: progress);
        Directory.CreateDirectory(Folder);
        var temporary = path + $".{Environment.ProcessId}.tmp";
        Npy.Write(temporary, features);
        File.Move(temporary, path, overwrite: true);
        return features;
    }

    static string SafeName(string name)
    {
        var trimmed = name.TrimEnd('/', '\\');
        var last = trimmed.Contains(':') && !trimmed.Contains('/')
            ? trimmed[(trimmed.IndexOf(':') + 1)..]
            : Path.GetFileNameWithoutExtension(trimmed);
        var safe = new string(last.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
        return safe.Length == 0 ? "dataset" : safe[..Math.Min(safe.Length, 40)];
    }
}
