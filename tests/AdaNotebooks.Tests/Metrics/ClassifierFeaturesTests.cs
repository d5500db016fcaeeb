using AdaNotebooks.Data;
using AdaNotebooks.Experiments;
using AdaNotebooks.Metrics;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Metrics;

/// <summary>The domain instrument (the network behind fd-fmnist), trained here on a labelled stand-in so the tests
/// need no download: it must learn the classes, score two halves of one distribution near each other, and score
/// shuffled pixels and a single class far away.</summary>
public class ClassifierFeaturesTests : IClassFixture<ClassifierFeaturesTests.Trained>
{
    public sealed class Trained : IDisposable
    {
        public ImageDataset Train { get; } = ShapesDataset.Create(3000, seed: 1);
        public ImageDataset Test { get; } = ShapesDataset.Create(1000, seed: 2, name: "shapes-test");
        public string Folder { get; } = Directory.CreateTempSubdirectory("ada-classifier-features-").FullName;
        public ClassifierFeatures Network { get; }

        public Trained() => Network = ClassifierFeatures.TrainOrLoad(Folder, "shapes", Train, Test, epochs: 2);

        public void Dispose()
        {
            Network.Dispose();
            Directory.Delete(Folder, true);
        }
    }

    readonly Trained _t;

    public ClassifierFeaturesTests(Trained trained) => _t = trained;

    Tensor Features(ImageDataset d) => FeatureExtraction.OfDataset(_t.Network, d);

    [Fact]
    public void ItLearnsTheClassesAndSaysHowWell()
    {
        Assert.True(_t.Network.HeldOutAccuracy > 0.9, $"held-out accuracy {_t.Network.HeldOutAccuracy:P1}");
        Assert.Equal(_t.Network.HeldOutAccuracy, _t.Network.Accuracy(_t.Test));
        Assert.Equal(ClassifierFeatures.FeatureDimension, _t.Network.Dimension);
        Assert.StartsWith("shapes-r16-", _t.Network.Fingerprint);
    }

    [Fact]
    public void TwoHalvesOfOneDistributionScoreNearTheFloorAndShuffledPixelsOrOneClassScoreFar()
    {
        using var scope = NewDisposeScope();
        var test = Features(_t.Test);
        var (a, b) = (test.narrow(0, 0, 500), test.narrow(0, 500, 500));
        double halves = FrechetDistance.Compute(a, b);
        // The floor: as many training images (another draw of the same distribution) against the same half.
        double floor = FrechetDistance.Compute(a, Features(_t.Train.Select(Enumerable.Range(0, 500).ToArray())));
        double shuffled = FrechetDistance.Compute(a, Features(InstrumentCheck.ShufflePixels(
            _t.Test.Select(Enumerable.Range(500, 500).ToArray()), seed: 0)));
        double oneClass = FrechetDistance.Compute(a, Features(ShapesDataset.Create(500, seed: 3, onlyClass: 3)));
        Assert.True(halves < 2 * floor && floor < 2 * halves, $"halves {halves:0.000}, floor {floor:0.000}");
        Assert.True(shuffled > 20 * floor, $"shuffled {shuffled:0.000}, floor {floor:0.000}");
        Assert.True(oneClass > 20 * floor, $"one class {oneClass:0.000}, floor {floor:0.000}");
        // Features are scaled to an RMS of about 1 on the training images.
        double rms = Features(_t.Train).square().mean().sqrt().item<float>();
        Assert.InRange(rms, 0.9, 1.1);
    }

    [Fact]
    public void ASecondProcessLoadsTheSameNetworkAndADamagedRecordIsRefused()
    {
        using var scope = NewDisposeScope();
        using var again = ClassifierFeatures.TrainOrLoad(_t.Folder, "shapes", _t.Train, _t.Test, epochs: 2);
        Assert.Equal(_t.Network.Fingerprint, again.Fingerprint);
        Assert.Equal(_t.Network.HeldOutAccuracy, again.HeldOutAccuracy);
        var images = _t.Test.Select(Enumerable.Range(0, 64).ToArray());
        Assert.Equal(Features(images).data<float>().ToArray(), FeatureExtraction.OfDataset(again, images)
            .data<float>().ToArray());

        var copy = Directory.CreateTempSubdirectory("ada-classifier-features-copy-").FullName;
        try
        {
            foreach (var f in Directory.GetFiles(_t.Folder)) File.Copy(f, Path.Combine(copy, Path.GetFileName(f)));
            var record = Directory.GetFiles(copy, "*.json").Single();
            File.WriteAllText(record, File.ReadAllText(record).Replace(_t.Network.Fingerprint, "shapes-r16-0"));
            var error = Assert.Throws<InvalidDataException>(() =>
                ClassifierFeatures.TrainOrLoad(copy, "shapes", _t.Train, _t.Test, epochs: 2));
            Assert.Contains("delete both to retrain", error.Message);
        }
        finally
        {
            Directory.Delete(copy, true);
        }
    }

    [Fact]
    public void ImagesOfAnotherSizeAreRefusedWithTheSizeItJudges()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() => _t.Network.Extract(zeros([2, 1, 32, 32], ScalarType.Byte)));
        Assert.Contains("1x16x16", error.Message);
    }

    [Fact]
    public void TheInstrumentCheckSeesTheFloorShuffledPixelsAndAMemorisingGenerator()
    {
        var folder = Directory.CreateTempSubdirectory("ada-instrument-test-").FullName;
        try
        {
            var zip = Path.Combine(folder, "shapes.zip");
            DatasetWriter.Write(ShapesDataset.Create(1200, seed: 4), zip);
            var options = new InstrumentOptions
            {
                Data = zip, Resolution = null, Channels = null, HeldOut = 400, Validation = 10, MetricNum = 200,
                Detectors = ["shapes"], Sizes = [10, 100], Seeds = [0, 1], OutDir = Path.Combine(folder, "out"),
            };
            var report = InstrumentCheck.Run(options, create: (_, _) =>
                ClassifierFeatures.TrainOrLoad(_t.Folder, "shapes", _t.Train, _t.Test, epochs: 2));
            var n = Assert.Single(report.Networks);
            Assert.Equal(_t.Network.HeldOutAccuracy, n.HeldOutAccuracy);
            Assert.True(n.Shuffled.Fd > 20 * n.Floor.Fd, $"shuffled {n.Shuffled.Fd}, floor {n.Floor.Fd}");
            Assert.True(n.Halves.Fd < 3 * n.Floor.Fd, $"halves {n.Halves.Fd}, floor {n.Floor.Fd}");
            // Ten memorised images are further from the reference than a hundred, and both further than the floor.
            double Memorised(int size) => n.Memorised.Where(m => m.Size == size).Average(m => m.Fd);
            Assert.Equal(4, n.Memorised.Count);
            Assert.True(Memorised(10) > Memorised(100) && Memorised(100) > n.Floor.Fd,
                $"memorised 10: {Memorised(10)}, 100: {Memorised(100)}, floor {n.Floor.Fd}");
            report.Write();
            var markdown = File.ReadAllText(Path.Combine(options.OutDir, "results.md"));
            Assert.Contains("| shapes |", markdown);
            Assert.Contains("10 images | 100 images", markdown);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }
}
