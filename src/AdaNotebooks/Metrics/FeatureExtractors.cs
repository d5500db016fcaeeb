namespace AdaNotebooks.Metrics;

/// <summary>Chooses the feature network: the standard Inception-v3 when the user supplies its file (argument or
/// ADA_INCEPTION_PT), the offline ResNet18 at 112x112 ("resnet18-112") otherwise, or the one named.</summary>
public static class FeatureExtractors
{
    /// <summary>The names <see cref="Create"/> accepts, for help texts and errors.</summary>
    public const string Choices = "auto, inception, resnet18-112 or resnet18";

    /// <summary>Images per ONNX Runtime call of the ResNet18 variants when none is given.</summary>
    public const int DefaultResNetBatch = 32;

    /// <param name="detector">"inception"; "resnet18-112" (ResNet18 on 112x112 inputs, the offline default);
    /// "resnet18" (ResNet18 on 224x224, the size it was trained for; several times slower); or null/"auto"
    /// (Inception if its file is given, else resnet18-112).</param>
    /// <param name="inceptionPath">inception-2015-12-05.pt (default: $ADA_INCEPTION_PT).</param>
    /// <param name="threads">Threads of the ResNet18 runtime (default: the processor count).</param>
    public static IFeatureExtractor Create(string? detector = null, string? inceptionPath = null, int? threads = null, int? batchSize = null)
    {
        var path = string.IsNullOrWhiteSpace(inceptionPath) ? Environment.GetEnvironmentVariable(InceptionTorchScript.EnvironmentVariable) : inceptionPath;
        switch (detector?.Trim().ToLowerInvariant())
        {
            case null or "" or "auto":
                return string.IsNullOrWhiteSpace(path) ? ResNet18(threads, batchSize, ResNet18Onnx.ReducedInputSize) : new InceptionTorchScript(path, batchSize ?? 64);
            case "inception":
                return new InceptionTorchScript(path, batchSize ?? 64);
            case "resnet18-112":
                return ResNet18(threads, batchSize, ResNet18Onnx.ReducedInputSize);
            case "resnet18":
                return ResNet18(threads, batchSize, ResNet18Onnx.ExportedInputSize);
            default:
                throw new ArgumentException($"--detector {detector}: expected {Choices}");
        }
    }

    static ResNet18Onnx ResNet18(int? threads, int? batchSize, int inputSize)
        => new(threads: threads, batchSize: batchSize ?? DefaultResNetBatch, inputSize: inputSize);
}
