using System.Security.Cryptography;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaNotebooks.Metrics;

/// <summary>The standard FID/KID detector: the TorchScript Inception-v3 inception-2015-12-05.pt that the reference
/// downloads (not shipped here; the user supplies the file). Loaded with TorchSharp's TorchScript support and
/// called like the reference does: forward(uint8 NCHW images, return_features: true) gives the 2048-d pool
/// features (the module resizes to 299x299 itself).</summary>
public sealed class InceptionTorchScript : IFeatureExtractor
{
    public const string EnvironmentVariable = "ADA_INCEPTION_PT";
    public const string FileName = "inception-2015-12-05.pt";
    public const int FeatureDimension = 2048;

    readonly jit.ScriptModule _module;

    /// <param name="path">The .pt file; <see cref="EnvironmentVariable"/> when null.</param>
    /// <param name="batchSize">Images per forward call.</param>
    public InceptionTorchScript(string? path = null, int batchSize = 64)
    {
        if (batchSize < 1) throw new ArgumentException($"batch size {batchSize}: expected at least 1");
        path ??= Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(path))
            throw new ArgumentException($"no Inception file given: pass the path of {FileName} or set {EnvironmentVariable}");
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file (the TorchScript Inception-v3 detector {FileName})");
        ModelPath = Path.GetFullPath(path);
        BatchSize = batchSize;
        try
        {
            _module = jit.load(ModelPath);
        }
        catch (Exception e) when (e is System.Runtime.InteropServices.ExternalException or InvalidOperationException)
        {
            throw new InvalidDataException($"{path}: not a TorchScript module TorchSharp can load: {e.Message.Split('\n')[0]}");
        }
        _module.eval();
        using var stream = File.OpenRead(ModelPath);
        Fingerprint = "inception-" + Convert.ToHexStringLower(SHA256.HashData(stream))[..16];
    }

    /// <summary>An Inception extractor when the user supplied the file (argument or environment variable), else null.</summary>
    public static InceptionTorchScript? FromUserFile(string? path = null)
    {
        path ??= Environment.GetEnvironmentVariable(EnvironmentVariable);
        return string.IsNullOrWhiteSpace(path) ? null : new InceptionTorchScript(path);
    }

    public string Name => "inception";
    public int Dimension => FeatureDimension;
    public bool IsStandard => true;
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
                throw new InvalidDataException($"{ModelPath}: forward(images, return_features=True) gave shape [{string.Join(", ", output.shape)}], expected [{count}, {Dimension}]");
            features.narrow(0, start, count).copy_(output.to(float32));
        }
        return features;
    }

    public void Dispose() => _module.Dispose();
}
