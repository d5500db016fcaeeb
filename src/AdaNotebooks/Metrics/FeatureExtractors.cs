namespace AdaNotebooks.Metrics;

/// <summary>Chooses the feature network: the TorchScript Inception-v3 when the user supplies its file (argument or
/// ADA_INCEPTION_PT; standard only when its SHA-256 is verified), the offline ResNet18 at 112x112
/// ("resnet18-112") otherwise, or the one named: "fmnist" is the Fashion-MNIST network trained at the images'
/// resolution (<see cref="FashionMnistFeatures"/>).</summary>
public static class FeatureExtractors
{
    /// <summary>The names <see cref="Create"/> accepts, for help texts and errors.</summary>
    public const string Choices = "auto, inception, resnet18-112, resnet18 or fmnist";

    /// <summary>Images per ONNX Runtime call of the ResNet18 variants when none is given.</summary>
    public const int DefaultResNetBatch = 32;

    /// <param name="detector">"inception"; "resnet18-112" (ResNet18 on 112x112 inputs, the offline default);
    /// "resnet18" (ResNet18 on 224x224, the size it was trained for; several times slower); or null/"auto"
    /// (Inception if its file is given, else resnet18-112); "fmnist" (the Fashion-MNIST network at
    /// <paramref name="resolution"/>).</param>
    /// <param name="inceptionPath">inception-2015-12-05.pt (default: $ADA_INCEPTION_PT).</param>
    /// <param name="threads">Threads of the ResNet18 runtime (default: the processor count).</param>
    /// <param name="inceptionSha256">The official Inception file's SHA-256 (default: $ADA_INCEPTION_SHA256); the
    /// Inception file's scores are named fid/kid only when its hash equals this.</param>
    /// <param name="resolution">The size of the images to judge: needed by "fmnist", whose network is trained at it.
    /// </param>
    public static IFeatureExtractor Create(string? detector = null, string? inceptionPath = null, int? threads = null,
        int? batchSize = null, string? inceptionSha256 = null, int? resolution = null, Action<string>? log = null)
    {
        var path = string.IsNullOrWhiteSpace(inceptionPath)
            ? Environment.GetEnvironmentVariable(InceptionTorchScript.EnvironmentVariable)
            : inceptionPath;
        switch (detector?.Trim().ToLowerInvariant())
        {
            case null or "" or "auto":
                return string.IsNullOrWhiteSpace(path)
                    ? ResNet18(threads, batchSize, ResNet18Onnx.ReducedInputSize)
                    : Inception(path, batchSize, inceptionSha256);
            case "inception":
                return Inception(path, batchSize, inceptionSha256);
            case "resnet18-112":
                return ResNet18(threads, batchSize, ResNet18Onnx.ReducedInputSize);
            case "resnet18":
                return ResNet18(threads, batchSize, ResNet18Onnx.ExportedInputSize);
            case FashionMnistFeatures.Name:
                return FashionMnistFeatures.Open(resolution ?? throw new ArgumentException(
                    "--detector fmnist: no image resolution given; its network is trained at the images' size"),
                    log: log);
            default:
                throw new ArgumentException($"--detector {detector}: expected {Choices}");
        }
    }

    static InceptionTorchScript Inception(string? path, int? batchSize, string? sha256)
        => new(path, batchSize ?? 64, string.IsNullOrWhiteSpace(sha256) ? null : sha256);

    static ResNet18Onnx ResNet18(int? threads, int? batchSize, int inputSize)
        => new(threads: threads, batchSize: batchSize ?? DefaultResNetBatch, inputSize: inputSize);
}
