using static TorchSharp.torch;

namespace AdaNotebooks.Metrics;

/// <summary>A feature network for metrics: uint8 images in, one feature vector per image out.</summary>
public interface IFeatureExtractor : IDisposable
{
    /// <summary>Short name used in score names and cache files: "inception" (the verified official file),
    /// "resnet18-112", "resnet18", or an unverified TorchScript file's own name.</summary>
    string Name { get; }

    /// <summary>Feature length D (2048 for Inception-v3, 512 for ResNet18).</summary>
    int Dimension { get; }

    /// <summary>True only for the standard FID detector (inception-2015-12-05.pt, verified by its SHA-256): its
    /// scores are called "fid" and "kid" and compare with published numbers; every other network's scores carry
    /// its name.</summary>
    bool IsStandard { get; }

    /// <summary>Identifies the exact network (name plus a hash or version of its file), so cached real-data
    /// features are never reused across different networks.</summary>
    string Fingerprint { get; }

    /// <summary>Features of uint8 NCHW images (C = 1 or 3, RGB, any size; gray is repeated to 3 channels)
    /// as a float32 CPU tensor [N, D]. The result belongs to the caller's dispose scope.</summary>
    Tensor Extract(Tensor images);
}
