using AdaNotebooks.Data;

namespace AdaNotebooks.Metrics;

/// <summary>The Fashion-MNIST instrument ("fmnist"): a <see cref="ClassifierFeatures"/> network trained on the
/// 60,000 Fashion-MNIST training images at the study's resolution (box filter, as the studies resize them) and scored
/// on the 10,000 test images; trained once per resolution and kept beside the cached real-data features.</summary>
public static class FashionMnistFeatures
{
    public const string Name = "fmnist";

    /// <summary>Environment variable naming the folder with the four IDX files (default: data/fashion-mnist).</summary>
    public const string EnvironmentVariable = "ADA_FASHION_MNIST";

    public const int Epochs = 5;

    /// <param name="resolution">The size of the images it will judge (the study's resolution).</param>
    /// <param name="folder">The Fashion-MNIST folder (default: $ADA_FASHION_MNIST, else data/fashion-mnist).</param>
    /// <param name="cache">Where the trained network is kept (default: <see cref="FeatureCache.Default"/>).</param>
    public static ClassifierFeatures Open(int resolution, string? folder = null, FeatureCache? cache = null,
        Action<string>? log = null)
    {
        if (resolution < 8) throw new ArgumentException($"--detector fmnist at {resolution}x{resolution}: expected " +
                                                        "a resolution of at least 8");
        folder ??= Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } f
            ? f
            : Path.Combine("data", "fashion-mnist");
        var train = Path.Combine(folder, "train-images-idx3-ubyte.gz");
        var test = Path.Combine(folder, "t10k-images-idx3-ubyte.gz");
        foreach (var file in new[] { train, test })
            if (!File.Exists(file))
                throw new FileNotFoundException($"--detector fmnist: {file} not found; the network trains on " +
                                                "Fashion-MNIST (data-scripts/fashion-mnist.sh puts it in " +
                                                $"data/fashion-mnist; {EnvironmentVariable} names another folder)");
        var options = new DecodeOptions { Resolution = resolution, Channels = 1, Filter = ResizeFilter.Box };
        var trainSet = Datasets.Open(train, options);
        var testSet = Datasets.Open(test, options);
        return ClassifierFeatures.TrainOrLoad((cache ?? FeatureCache.Default()).Folder, Name, trainSet, testSet, Epochs,
            seed: 0, log: log);
    }
}
