using System.Collections.Concurrent;
using System.Security.Cryptography;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaNotebooks.Metrics;

/// <summary>A TorchScript Inception-v3 detector such as inception-2015-12-05.pt, the file the reference downloads
/// for FID/KID (not shipped here; the user supplies it). Loaded with TorchSharp's TorchScript support and called
/// like the reference does: forward(uint8 NCHW images, return_features: true) gives the 2048-d pool features (the
/// module resizes to 299x299 itself). Its scores are called "fid"/"kid" only when the file's SHA-256 equals the
/// official file's; no trustworthy published hash of that file is known here, so the user states it
/// (<see cref="Sha256Variable"/> or the expectedSha256 argument). Otherwise the file is just some network with the
/// right signature and its scores carry the file's name (fd-&lt;file stem&gt;).</summary>
public sealed class InceptionTorchScript : IFeatureExtractor
{
    public const string EnvironmentVariable = "ADA_INCEPTION_PT";
    /// <summary>The SHA-256 (64 hex digits) the official inception-2015-12-05.pt is expected to have.</summary>
    public const string Sha256Variable = "ADA_INCEPTION_SHA256";
    public const string FileName = "inception-2015-12-05.pt";
    public const int FeatureDimension = 2048;
    /// <summary>The name of a verified detector's features ("fid", "kid", "precision-inception").</summary>
    public const string StandardName = "inception";

    readonly jit.ScriptModule _module;

    /// <param name="path">The .pt file; <see cref="EnvironmentVariable"/> when null.</param>
    /// <param name="batchSize">Images per forward call.</param>
    /// <param name="expectedSha256">The official file's SHA-256; <see cref="Sha256Variable"/> when null. The file
    /// is the standard detector exactly when its hash equals this one.</param>
    public InceptionTorchScript(string? path = null, int batchSize = 64, string? expectedSha256 = null)
    {
        if (batchSize < 1) throw new ArgumentException($"batch size {batchSize}: expected at least 1");
        path ??= Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(path))
            throw new ArgumentException($"no Inception file given: pass the path of {FileName} or set " +
                                        $"{EnvironmentVariable}");
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no such file (the TorchScript Inception-v3 detector {FileName})");
        expectedSha256 ??= Environment.GetEnvironmentVariable(Sha256Variable);
        string? expected = string.IsNullOrWhiteSpace(expectedSha256) ? null : NormalizeSha256(expectedSha256);
        ModelPath = Path.GetFullPath(path);
        BatchSize = batchSize;
        try
        {
            _module = jit.load(ModelPath);
        }
        catch (Exception e) when (e is System.Runtime.InteropServices.ExternalException or InvalidOperationException)
        {
            throw new InvalidDataException($"{path}: not a TorchScript module TorchSharp can load: " +
                                           $"{e.Message.Split('\n')[0]}");
        }
        _module.eval();
        Sha256 = FileSha256(ModelPath);
        Fingerprint = "inception-" + Sha256[..16];
        IsStandard = Sha256 == expected;
        Name = IsStandard ? StandardName : NameOf(ModelPath);
    }

    /// <summary>A SHA-256 given by the user, as 64 lower-case hex digits (surrounding space removed).</summary>
    public static string NormalizeSha256(string hex)
    {
        var h = hex.Trim().ToLowerInvariant();
        if (h.Length != 64 || !h.All(char.IsAsciiHexDigit))
            throw new ArgumentException($"SHA-256 '{hex}' (--inception-sha256 or {Sha256Variable}): " +
                                        "expected 64 hex digits");
        return h;
    }

    /// <summary>The score-name part for an unverified file: its stem, lower case, with characters other than
    /// letters, digits, '.', '_' and '-' replaced by '-' (e.g. fd-inception-2015-12-05 for an unverified copy);
    /// never the verified detector's name "inception".</summary>
    public static string NameOf(string path)
    {
        var chars = Path.GetFileNameWithoutExtension(path).ToLowerInvariant()
            .Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '.' or '_' or '-' ? ch : '-');
        var stem = new string(chars.ToArray()).Trim('-', '.');
        return stem switch { "" => "torchscript", StandardName => StandardName + "-unverified", _ => stem };
    }

    static readonly ConcurrentDictionary<(string Path, long Size, DateTime Modified), string> HashCache = new();

    /// <summary>The file's SHA-256 as lower-case hex, computed once per (path, size, modification time).</summary>
    public static string FileSha256(string path)
    {
        var info = new FileInfo(path);
        return HashCache.GetOrAdd((info.FullName, info.Length, info.LastWriteTimeUtc), key =>
        {
            using var stream = File.OpenRead(key.Path);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        });
    }

    /// <summary>An Inception extractor when the user supplied the file (argument or environment variable), else
    /// null.</summary>
    public static InceptionTorchScript? FromUserFile(string? path = null, string? expectedSha256 = null)
    {
        path ??= Environment.GetEnvironmentVariable(EnvironmentVariable);
        return string.IsNullOrWhiteSpace(path) ? null : new InceptionTorchScript(path, expectedSha256: expectedSha256);
    }

    /// <summary>"inception" for the verified official file, else the file's own name (<see cref="NameOf"/>).</summary>
    public string Name { get; }
    public int Dimension => FeatureDimension;
    /// <summary>True only when the file's SHA-256 equals the expected hash of the official file.</summary>
    public bool IsStandard { get; }
    /// <summary>The file's SHA-256 (lower-case hex).</summary>
    public string Sha256 { get; }
    public string Fingerprint { get; }
    public string ModelPath { get; }
    public int BatchSize { get; }

    public Tensor Extract(Tensor images)
    {
        FeatureExtraction.CheckImages(images, ModelPath);
        long n = images.shape[0];
        var features = empty(n, Dimension, dtype: float32);
        using var noGrad = no_grad();
        for (long start = 0; start < n; start += BatchSize)
        {
            long count = Math.Min(BatchSize, n - start);
            using var scope = NewDisposeScope();
            var batch = images.narrow(0, start, count).cpu();
            if (batch.shape[1] == 1) batch = batch.repeat(1, 3, 1, 1);
            var output = _module.call(batch.contiguous(), true) as Tensor
                         ?? throw new InvalidDataException($"{ModelPath}: forward did not return a tensor");
            if (output.dim() != 2 || output.shape[0] != count || output.shape[1] != Dimension)
                throw new InvalidDataException($"{ModelPath}: forward(images, return_features=True) gave shape " +
                                               $"[{string.Join(", ", output.shape)}], expected [{count}, {Dimension}]");
            features.narrow(0, start, count).copy_(output.to(float32));
        }
        return features;
    }

    public void Dispose() => _module.Dispose();
}
