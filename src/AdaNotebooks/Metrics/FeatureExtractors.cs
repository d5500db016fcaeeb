namespace AdaNotebooks.Metrics;

/// <summary>Chooses the feature network: the standard Inception-v3 when the user supplies its file (argument or
/// ADA_INCEPTION_PT), the offline ResNet18 otherwise, or the one named.</summary>
public static class FeatureExtractors
{
    /// <param name="detector">"inception", "resnet18", or null/"auto" (Inception if its file is given, else ResNet18).</param>
    /// <param name="inceptionPath">inception-2015-12-05.pt (default: $ADA_INCEPTION_PT).</param>
    /// <param name="threads">Threads of the ResNet18 runtime (default: the processor count).</param>
    public static IFeatureExtractor Create(string? detector = null, string? inceptionPath = null, int? threads = null, int? batchSize = null)
    {
        var path = string.IsNullOrWhiteSpace(inceptionPath) ? Environment.GetEnvironmentVariable(InceptionTorchScript.EnvironmentVariable) : inceptionPath;
        switch (detector?.Trim().ToLowerInvariant())
        {
            case null or "" or "auto":
                return string.IsNullOrWhiteSpace(path) ? new ResNet18Onnx(threads: threads, batchSize: batchSize ?? 32) : new InceptionTorchScript(path, batchSize ?? 64);
            case "inception":
                return new InceptionTorchScript(path, batchSize ?? 64);
            case "resnet18":
                return new ResNet18Onnx(threads: threads, batchSize: batchSize ?? 32);
            default:
                throw new ArgumentException($"--detector {detector}: expected auto, inception or resnet18");
        }
    }
}
