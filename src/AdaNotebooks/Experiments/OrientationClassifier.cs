using TorchSharp;
using static TorchSharp.torch;

namespace AdaNotebooks.Experiments;

/// <summary>A small CNN that tells how many quarter turns k in {0, 1, 2, 3} an image was rotated by
/// (torch.rot90 over H, W). Trained on real images only — each shown at a random k — so it measures leaks:
/// the share of a generator's images it calls rotated (k != 0) is how much of rotate90 reached G.</summary>
public sealed class OrientationClassifier : IDisposable
{
    readonly nn.Module<Tensor, Tensor> _net;

    OrientationClassifier(int channels) => _net = Network(channels, 4);

    /// <summary>The small CNN behind the study's image classifiers, with <paramref name="outputs"/> logits.</summary>
    internal static nn.Module<Tensor, Tensor> Network(int channels, int outputs) => nn.Sequential(
        nn.Conv2d(channels, 32, 3, padding: 1), nn.LeakyReLU(0.2),
        nn.Conv2d(32, 64, 3, stride: 2, padding: 1), nn.LeakyReLU(0.2),
        nn.Conv2d(64, 64, 3, stride: 2, padding: 1), nn.LeakyReLU(0.2),
        nn.AdaptiveAvgPool2d(4),                 // keeps the 4x4 layout: where things are says which way is up
        nn.Flatten(),
        nn.Linear(64 * 16, 128), nn.LeakyReLU(0.2),
        nn.Linear(128, outputs));

    /// <summary>Accuracy on held-out real images, each scored at all four rotations.</summary>
    public double HeldOutAccuracy { get; private set; }

    /// <summary>Share of upright held-out real images it calls rotated: the floor of any leak measurement.</summary>
    public double HeldOutRotatedShare { get; private set; }

    /// <summary>Softmax probability an image's most likely quarter turn needs for the image to be judged.</summary>
    public const double DefaultConfidence = 0.9;

    /// <summary>The gated reading (<see cref="Read"/>) of the upright held-out real images: the floor of the gated
    /// leak and how much of real data the gate and the equivariance check pass.</summary>
    public OrientationReading HeldOutReading { get; private set; } = new(double.NaN, double.NaN, [], double.NaN);

    /// <summary>Trains on <paramref name="train"/> (float NCHW in [-1, 1]) for <paramref name="epochs"/> epochs, each
    /// image at a random rotation per epoch, then measures itself on <paramref name="heldOut"/>.</summary>
    public static OrientationClassifier Train(Tensor train, Tensor heldOut, int epochs = 4, int batch = 128,
        long seed = 0,
                                              Action<string>? log = null)
    {
        if (train.dim() != 4 || heldOut.dim() != 4) throw new ArgumentException("images must be NCHW");
        if (train.shape[2] != train.shape[3])
            throw new ArgumentException("images must be square to rotate by 90 degrees, got " +
                                        $"{train.shape[3]}x{train.shape[2]}");
        var classifier = new OrientationClassifier((int)train.shape[1]);
        var random = new torch.Generator((ulong)seed);
        var optimizer = optim.Adam(classifier._net.parameters(), lr: 1e-3);
        long n = train.shape[0];
        classifier._net.train();
        Training.MinibatchEpochs.Run(n, batch, epochs, random, optimizer, index =>
        {
            var k = randint(0, 4, [index.shape[0]], generator: random);
            return nn.functional.cross_entropy(classifier._net.forward(RotateEach(train.index_select(0, index), k)), k);
        }, (epoch, loss) => log?.Invoke($"orientation classifier epoch {epoch + 1}/{epochs}: loss {loss:0.000}"));
        classifier._net.eval();
        using (var scope = NewDisposeScope())
        {
            long correct = 0;
            for (int k = 0; k < 4; k++)
            {
                var predicted = classifier.Predict(heldOut.rot90(k, (2, 3)));
                correct += predicted.Count(p => p == k);
                if (k == 0) classifier.HeldOutRotatedShare = predicted.Count(p => p != 0) / (double)predicted.Length;
            }
            classifier.HeldOutAccuracy = correct / (4.0 * heldOut.shape[0]);
        }
        classifier.HeldOutReading = classifier.Read(heldOut);
        return classifier;
    }

    /// <summary>The classifier saved at <paramref name="path"/> (weights, and its held-out accuracy and floor in
    /// PATH.json), or, when there is none, one trained as <see cref="Train"/> does and saved there. A study trains it
    /// once and its worker processes load it, so every cell is judged by the classifier the report describes.
    /// </summary>
    public static OrientationClassifier TrainOrLoad(string path, Tensor train, Tensor heldOut, int epochs, long seed,
        Action<string>? log = null)
    {
        var statsPath = path + ".json";
        if (File.Exists(path) && File.Exists(statsPath))
        {
            var loaded = new OrientationClassifier((int)train.shape[1]);
            loaded._net.load(path);
            loaded._net.eval();
            var stats = System.Text.Json.JsonSerializer.Deserialize<double[]>(File.ReadAllText(statsPath))
                ?? throw new InvalidDataException($"{statsPath}: expected [accuracy, rotated share]");
            (loaded.HeldOutAccuracy, loaded.HeldOutRotatedShare) = (stats[0], stats[1]);
            loaded.HeldOutReading = loaded.Read(heldOut);
            log?.Invoke($"orientation classifier loaded from {path}");
            return loaded;
        }
        var classifier = Train(train, heldOut, epochs, seed: seed, log: log);
        classifier._net.save(path + ".tmp");
        File.Move(path + ".tmp", path, overwrite: true);
        File.WriteAllText(statsPath + ".tmp", System.Text.Json.JsonSerializer.Serialize(
            new[] { classifier.HeldOutAccuracy, classifier.HeldOutRotatedShare }));
        File.Move(statsPath + ".tmp", statsPath, overwrite: true);
        return classifier;
    }

    /// <summary>The predicted quarter turns of each image.</summary>
    public long[] Predict(Tensor images) => PredictWithConfidence(images).Turns;

    /// <summary>Each image's most likely quarter turn and its softmax probability.</summary>
    public (long[] Turns, double[] Confidence) PredictWithConfidence(Tensor images)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var turns = new List<long>();
        var confidence = new List<double>();
        for (long start = 0; start < images.shape[0]; start += 256)
        {
            var (top, k) = _net.forward(images.narrow(0, start, Math.Min(256, images.shape[0] - start)))
                .softmax(1).max(1);
            turns.AddRange(k.data<long>().ToArray());
            confidence.AddRange(top.to(float64).data<double>().ToArray());
        }
        return ([.. turns], [.. confidence]);
    }

    /// <summary>The reading of <paramref name="images"/> that abstains: shares over the images whose prediction
    /// reaches <paramref name="confidence"/>, and the equivariance check (turn each image by j, the prediction must
    /// move by j) on all of them.</summary>
    public OrientationReading Read(Tensor images, double confidence = DefaultConfidence)
    {
        var (turns, sure) = PredictWithConfidence(images);
        var judged = turns.Where((_, i) => sure[i] >= confidence).ToArray();
        var shares = Enumerable.Range(0, 4).Select(k => judged.Count(t => t == k) / (double)judged.Length).ToArray();
        long agree = 0;
        for (int j = 1; j < 4; j++)
        {
            using var turned = images.rot90(j, (2, 3));
            var moved = Predict(turned);
            agree += moved.Where((t, i) => t == (turns[i] + j) % 4).Count();
        }
        return new OrientationReading(judged.Length / (double)Math.Max(1, turns.Length),
            judged.Length == 0 ? double.NaN : 1 - shares[0], judged.Length == 0 ? [] : shares,
            agree / (3.0 * Math.Max(1, turns.Length)));
    }

    /// <summary>Share of <paramref name="images"/> predicted at each k (four numbers summing to 1).</summary>
    public double[] Shares(Tensor images)
    {
        var predicted = Predict(images);
        return Enumerable.Range(0, 4).Select(k => predicted.Count(p => p == k) / (double)Math.Max(1, predicted.Length))
            .ToArray();
    }

    /// <summary>Rotates image i by k_i quarter turns: each of the four rotations once, kept where it applies.</summary>
    internal static Tensor RotateEach(Tensor images, Tensor k)
    {
        var result = images;
        var turns = k.view(-1, 1, 1, 1);
        for (int q = 1; q < 4; q++) result = where(turns.eq(q), images.rot90(q, (2, 3)), result);
        return result;
    }

    public void Dispose() => _net.Dispose();
}
