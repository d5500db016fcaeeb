using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using AdaNotebooks.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaNotebooks.Metrics;

/// <summary>A domain feature network: a small CNN trained once to classify a labelled dataset's images at the study
/// resolution, whose penultimate layer (<see cref="FeatureDimension"/> values) serves as the features of FD, KID and
/// precision/recall, divided by one scale fixed at training (the RMS of the training images' features) so their
/// values are of order 1, as KID's cubic kernel (x.y/D + 1)^3 expects. Unlike an ImageNet network fed upsampled
/// thumbnails, it has seen images like the ones it judges, at their own size. Its scores carry its name
/// ("fd-fmnist") and are comparable only with scores of the same network (<see cref="Fingerprint"/> hashes its
/// weights).</summary>
public sealed class ClassifierFeatures : IFeatureExtractor
{
    /// <summary>Length of the feature vector.</summary>
    public const int FeatureDimension = 128;

    /// <summary>Changes whenever the architecture or the training recipe does, so a cached network is retrained.
    /// </summary>
    const string Recipe = "classifier-features-v2: conv32-conv64s2-conv128s2-pool4-fc128-fc; Adam 1e-3, batch 128; " +
                          "features / RMS";

    readonly nn.Module<Tensor, Tensor> _body;  // image -> features
    readonly nn.Module<Tensor, Tensor> _head;  // features -> class logits
    readonly nn.Module<Tensor, Tensor> _net;   // both, as one module to save and load
    readonly int _classes;
    float _scale = 1;                          // features are divided by it (the training features' RMS)

    ClassifierFeatures(string name, int channels, int resolution, int classes)
    {
        Name = name;
        Channels = channels;
        Resolution = resolution;
        _body = nn.Sequential(
            nn.Conv2d(channels, 32, 3, padding: 1), nn.LeakyReLU(0.2),
            nn.Conv2d(32, 64, 3, stride: 2, padding: 1), nn.LeakyReLU(0.2),
            nn.Conv2d(64, 128, 3, stride: 2, padding: 1), nn.LeakyReLU(0.2),
            nn.AdaptiveAvgPool2d(4),
            nn.Flatten(),
            nn.Linear(128 * 16, FeatureDimension), nn.LeakyReLU(0.2));
        _head = nn.Linear(FeatureDimension, classes);
        _net = nn.Sequential(("body", _body), ("head", _head));
        _classes = classes;
    }

    public string Name { get; }
    public int Dimension => FeatureDimension;
    public bool IsStandard => false;
    public string Fingerprint { get; private set; } = "";

    /// <summary>Image channels and (square) size the network was trained at; it judges only such images.</summary>
    public int Channels { get; }
    public int Resolution { get; }

    /// <summary>Share of the held-out test images classified correctly.</summary>
    public double HeldOutAccuracy { get; private set; }

    /// <summary>Seconds the training took (in this process, or as recorded when it was trained).</summary>
    public double TrainingSeconds { get; private set; }

    /// <summary>Trains on <paramref name="train"/> (labelled, square) for <paramref name="epochs"/> epochs from seeded
    /// initial weights and a seeded order, then scores itself on <paramref name="test"/>. On one CPU and thread count
    /// the result is the same every time; other CPUs may differ in the last bits (hence the weights' fingerprint).
    /// </summary>
    public static ClassifierFeatures Train(string name, ImageDataset train, ImageDataset test, int epochs = 5,
        long seed = 0, Action<string>? log = null)
    {
        Check(train, "training");
        Check(test, "test");
        if (test.Channels != train.Channels || test.Height != train.Height || test.Width != train.Width)
            throw new ArgumentException($"{test.Name}: {test.Channels}x{test.Height}x{test.Width} test images for " +
                                        $"{train.Channels}x{train.Height}x{train.Width} training images");
        if (epochs < 1) throw new ArgumentException($"epochs {epochs}: expected at least 1");
        var clock = Stopwatch.StartNew();
        ClassifierFeatures net;
        using (var seeded = new InitialWeights(seed))
            net = new ClassifierFeatures(name, train.Channels, train.Height, Math.Max(train.ClassCount,
                test.ClassCount));
        using var images = train.ToTensor();
        using var labels = tensor(Enumerable.Range(0, train.Count).Select(i => (long)train.Label(i)).ToArray());
        var random = new torch.Generator((ulong)seed);
        using var optimizer = optim.Adam(net._net.parameters(), lr: 1e-3);
        const int batch = 128;
        long n = images.shape[0];
        net._net.train();
        Training.MinibatchEpochs.Run(n, batch, epochs, random, optimizer,
            index => nn.functional.cross_entropy(net._net.forward(images.index_select(0, index)),
                labels.index_select(0, index)),
            (epoch, loss) => log?.Invoke($"{name} feature network, epoch {epoch + 1}/{epochs}: loss {loss:0.000}"));
        net._net.eval();
        net._scale = net.FeatureRms(images);
        net.HeldOutAccuracy = net.Accuracy(test);
        net.TrainingSeconds = clock.Elapsed.TotalSeconds;
        net.Fingerprint = net.WeightsFingerprint();
        log?.Invoke($"{name} feature network: {net.HeldOutAccuracy:P1} of {test.Count:N0} held-out images right " +
                    $"({net.TrainingSeconds:0} s)");
        return net;
    }

    /// <summary>The network stored in <paramref name="folder"/> for this recipe, these training images and this seed,
    /// or, when there is none, one trained as <see cref="Train"/> does and stored there (weights and a JSON file with
    /// its held-out accuracy), so every process of a study judges with the same network.</summary>
    public static ClassifierFeatures TrainOrLoad(string folder, string name, ImageDataset train, ImageDataset test,
        int epochs = 5, long seed = 0, Action<string>? log = null)
    {
        var path = Path.Combine(folder, $"{name}-r{train.Height}-{Key(train, test, epochs, seed)}.dat");
        var infoPath = Path.ChangeExtension(path, ".json");
        if (File.Exists(path) && File.Exists(infoPath))
        {
            var info = JsonSerializer.Deserialize<TrainedInfo>(File.ReadAllText(infoPath))
                       ?? throw new InvalidDataException($"{infoPath}: expected the feature network's record");
            var loaded = new ClassifierFeatures(name, train.Channels, train.Height, info.Classes);
            loaded._net.load(path);
            loaded._net.eval();
            loaded.HeldOutAccuracy = info.HeldOutAccuracy;
            loaded._scale = info.FeatureScale;
            loaded.TrainingSeconds = info.TrainingSeconds;
            loaded.Fingerprint = loaded.WeightsFingerprint();
            if (loaded.Fingerprint != info.Fingerprint)
                throw new InvalidDataException($"{path}: its weights hash to {loaded.Fingerprint}, its record " +
                                               $"{infoPath} says {info.Fingerprint}; delete both to retrain");
            return loaded;
        }
        var net = Train(name, train, test, epochs, seed, log);
        Directory.CreateDirectory(folder);
        net._net.save(path + ".tmp");
        File.Move(path + ".tmp", path, overwrite: true);
        var record = new TrainedInfo(net.HeldOutAccuracy, net.TrainingSeconds, net._classes, net._scale,
            net.Fingerprint, epochs, seed, train.Count, test.Count);
        File.WriteAllText(infoPath + ".tmp", JsonSerializer.Serialize(record));
        File.Move(infoPath + ".tmp", infoPath, overwrite: true);
        return net;
    }

    public Tensor Extract(Tensor images)
    {
        FeatureExtraction.CheckImages(images, Name + " features");
        if (images.shape[1] != Channels || images.shape[2] != Resolution || images.shape[3] != Resolution)
            throw new ArgumentException($"{Name} features: images are {images.shape[1]}x{images.shape[3]}x" +
                                        $"{images.shape[2]}, the network judges {Channels}x{Resolution}x" +
                                        $"{Resolution} (it was trained at that size)");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = images.to_type(ScalarType.Float32).div(127.5).sub(1);  // the [-1, 1] of ImageDataset.ToTensor
        return _body.forward(x).div(_scale).MoveToOuterDisposeScope();
    }

    /// <summary>Root mean square of the unscaled features of <paramref name="images"/> (float NCHW in [-1, 1]).
    /// </summary>
    float FeatureRms(Tensor images)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        double sum = 0;
        for (long start = 0; start < images.shape[0]; start += 512)
            sum += _body.forward(images.narrow(0, start, Math.Min(512, images.shape[0] - start))).square().sum()
                .item<float>();
        return (float)Math.Sqrt(sum / (images.shape[0] * (double)FeatureDimension));
    }

    /// <summary>Share of <paramref name="test"/>'s images whose label the network predicts.</summary>
    public double Accuracy(ImageDataset test)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        long right = 0;
        for (int start = 0; start < test.Count; start += 512)
        {
            var indices = Enumerable.Range(start, Math.Min(512, test.Count - start)).ToArray();
            var predicted = _head.forward(_body.forward(test.ToTensor(indices))).argmax(1).data<long>().ToArray();
            right += indices.Where((i, k) => predicted[k] == test.Label(i)).Count();
        }
        return right / (double)test.Count;
    }

    /// <summary>SHA-256 of the feature layers' weights, so features of different networks never share a cache entry.
    /// </summary>
    string WeightsFingerprint()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var p in _body.parameters())
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(p.data<float>().ToArray().AsSpan()));
        hash.AppendData(BitConverter.GetBytes(_scale));
        return $"{Name}-r{Resolution}-{Convert.ToHexStringLower(hash.GetHashAndReset())[..16]}";
    }

    static string Key(ImageDataset train, ImageDataset test, int epochs, long seed)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var d in new[] { train, test })
        {
            hash.AppendData(d.Pixels);
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(
                Enumerable.Range(0, d.ImageCount).Select(d.Label).ToArray().AsSpan()));
        }
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"|{Recipe}|epochs={epochs}|seed={seed}"));
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    static void Check(ImageDataset d, string what)
    {
        if (!d.HasLabels) throw new ArgumentException($"{d.Name}: the {what} images have no labels; a feature " +
                                                      "network is trained to classify labelled images");
        if (d.Height != d.Width) throw new ArgumentException($"{d.Name}: {d.Width}x{d.Height} {what} images; " +
                                                             "expected square images");
    }

    /// <summary>Seeds torch's global generator for the modules' initial weights, and restores it afterwards.</summary>
    sealed class InitialWeights : IDisposable
    {
        readonly Tensor _state = torch.random.get_rng_state();
        public InitialWeights(long seed) => torch.random.manual_seed(seed);
        public void Dispose()
        {
            torch.random.set_rng_state(_state);
            _state.Dispose();
        }
    }

    sealed record TrainedInfo(double HeldOutAccuracy, double TrainingSeconds, int Classes, float FeatureScale,
        string Fingerprint, int Epochs, long Seed, int TrainImages, int TestImages);

    public void Dispose() => _net.Dispose();
}
