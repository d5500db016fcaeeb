namespace AdaNotebooks.Metrics;

/// <summary>Finds the ImageNet ResNet18 that NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18 ships:
/// DnnImageModels/ResNet18Onnx/ResNet18.onnx (the network) and DnnImageModels/ResNetPrepOnnx/ResNetPreprocess.onnx
/// (whose initializer MeanImage is the ImageNet mean image the network expects subtracted).</summary>
public static class ResNet18Files
{
    public const string PackageId = "Microsoft.ML.DnnImageFeaturizer.ResNet18";
    public const string PackageVersion = "0.23.1";

    /// <summary>Environment variable naming ResNet18.onnx (its ResNetPrepOnnx folder must sit beside its folder,
    /// as in the package).</summary>
    public const string EnvironmentVariable = "ADA_RESNET18_ONNX";

    const string ModelRelative = "DnnImageModels/ResNet18Onnx/ResNet18.onnx";
    const string PreprocessRelative = "DnnImageModels/ResNetPrepOnnx/ResNetPreprocess.onnx";

    /// <summary>The model and preprocessing files, from (in order) <paramref name="modelPath"/>, the environment
    /// variable, the application's folder, this assembly's folder, or the NuGet package folder.</summary>
    public static (string Model, string Preprocess) Locate(string? modelPath = null)
    {
        var tried = new List<string>();
        foreach (var candidate in Candidates(modelPath))
        {
            tried.Add(candidate);
            if (!File.Exists(candidate)) continue;
            var preprocess = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(candidate)!, "..", "ResNetPrepOnnx",
                "ResNetPreprocess.onnx"));
            if (File.Exists(preprocess)) return (candidate, preprocess);
            tried.Add(preprocess + " (missing)");
        }
        throw new FileNotFoundException(
            "ResNet18.onnx (the offline metrics network) was not found; looked at: " +
            $"{string.Join("; ", tried.Distinct())}. " +
            $"It comes from NuGet package {PackageId} {PackageVersion}: run `dotnet restore` (or build) so it is " +
            "downloaded and copied " +
            $"next to the program, or set {EnvironmentVariable} to the ResNet18.onnx inside that package " +
            $"(tools/{ModelRelative}).");
    }

    static IEnumerable<string> Candidates(string? modelPath)
    {
        if (!string.IsNullOrWhiteSpace(modelPath)) { yield return Path.GetFullPath(modelPath); yield break; }
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            yield return Path.GetFullPath(fromEnvironment);
            yield break;
        }
        yield return Path.Combine(AppContext.BaseDirectory, ModelRelative);
        var assemblyFolder = Path.GetDirectoryName(typeof(ResNet18Files).Assembly.Location);
        if (!string.IsNullOrEmpty(assemblyFolder)) yield return Path.Combine(assemblyFolder, ModelRelative);
        foreach (var root in Native.NuGetPackageFolders.Roots())
            yield return Path.Combine(root, PackageId.ToLowerInvariant(), PackageVersion, "tools", ModelRelative);
    }
}
