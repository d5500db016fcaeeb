using TorchSharp;
using static TorchSharp.torch;

namespace AdaNotebooks.Experiments;

/// <summary>Which class an image shows, whatever quarter turn it was rotated by: the network of the
/// <see cref="OrientationClassifier"/> trained on the labelled real images, each shown at a random k in {0..3} with
/// its class as the target. It sorts G's images by class so that the leak can be read apart for the classes the
/// orientation classifier cannot turn upright (<see cref="ClassFloors"/>), a leak that turns G's images included.
/// </summary>
public sealed class ClassClassifier : IDisposable
{
    readonly nn.Module<Tensor, Tensor> _net;

    ClassClassifier(int channels, int classes) => _net = OrientationClassifier.Network(channels, classes);

    /// <summary>Accuracy on held-out real images, each scored at all four rotations.</summary>
    public double HeldOutAccuracy { get; private set; }

    /// <param name="train">Real images, float NCHW in [-1, 1].</param>
    /// <param name="labels">Their classes, 0 to <paramref name="classes"/> - 1.</param>
    public static ClassClassifier Train(Tensor train, long[] labels, Tensor heldOut, long[] heldOutLabels,
        int classes, int epochs = 4, int batch = 128, long seed = 0, Action<string>? log = null)
    {
        if (labels.Length != train.shape[0] || heldOutLabels.Length != heldOut.shape[0])
            throw new ArgumentException($"{labels.Length} and {heldOutLabels.Length} labels for {train.shape[0]} " +
                                        $"and {heldOut.shape[0]} images: expected one label per image");
        var classifier = new ClassClassifier((int)train.shape[1], classes);
        var random = new torch.Generator((ulong)seed);
        var optimizer = optim.Adam(classifier._net.parameters(), lr: 1e-3);
        using var target = tensor(labels);
        classifier._net.train();
        Training.MinibatchEpochs.Run(train.shape[0], batch, epochs, random, optimizer, index =>
        {
            var k = randint(0, 4, [index.shape[0]], generator: random);
            var images = OrientationClassifier.RotateEach(train.index_select(0, index), k);
            return nn.functional.cross_entropy(classifier._net.forward(images), target.index_select(0, index));
        }, (epoch, loss) => log?.Invoke($"class classifier epoch {epoch + 1}/{epochs}: loss {loss:0.000}"));
        classifier._net.eval();
        classifier.HeldOutAccuracy = classifier.Accuracy(heldOut, heldOutLabels);
        return classifier;
    }

    /// <summary>The classifier saved at <paramref name="path"/> or, when there is none, one trained as
    /// <see cref="Train"/> does and saved there (its held-out accuracy is measured again on load).</summary>
    public static ClassClassifier TrainOrLoad(string path, Tensor train, long[] labels, Tensor heldOut,
        long[] heldOutLabels, int classes, int epochs, long seed, Action<string>? log = null)
    {
        if (File.Exists(path))
        {
            var loaded = new ClassClassifier((int)train.shape[1], classes);
            loaded._net.load(path);
            loaded._net.eval();
            loaded.HeldOutAccuracy = loaded.Accuracy(heldOut, heldOutLabels);
            log?.Invoke($"class classifier loaded from {path}");
            return loaded;
        }
        var classifier = Train(train, labels, heldOut, heldOutLabels, classes, epochs, seed: seed, log: log);
        classifier._net.save(path + ".tmp");
        File.Move(path + ".tmp", path, overwrite: true);
        return classifier;
    }

    /// <summary>The most likely class of each image.</summary>
    public long[] Predict(Tensor images)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var classes = new List<long>();
        for (long start = 0; start < images.shape[0]; start += 256)
            classes.AddRange(_net.forward(images.narrow(0, start, Math.Min(256, images.shape[0] - start))).argmax(1)
                .data<long>().ToArray());
        return [.. classes];
    }

    double Accuracy(Tensor images, long[] labels)
    {
        long correct = 0;
        for (int k = 0; k < 4; k++)
        {
            using var turned = images.rot90(k, (2, 3));
            correct += Predict(turned).Where((c, i) => c == labels[i]).Count();
        }
        return correct / (4.0 * Math.Max(1, labels.Length));
    }

    public void Dispose() => _net.Dispose();
}
