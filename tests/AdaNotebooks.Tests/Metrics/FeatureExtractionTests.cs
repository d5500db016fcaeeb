using AdaNotebooks.Data;
using AdaNotebooks.Metrics;
using AdaNotebooks.Tests.Data;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Metrics;

public class FeatureExtractionTests
{
    static ImageDataset SmallDataset(int count = 12, int seed = 0)
    {
        var random = new Random(seed);
        var pixels = new byte[count * 3 * 8 * 8];
        random.NextBytes(pixels);
        return new ImageDataset($"small{seed}", pixels, 3, 8, 8);
    }

    [Fact]
    public void QuantisationFollowsTheReference()
    {
        using var scope = NewDisposeScope();
        // (x * 127.5 + 128) clamped, truncated: -1 -> 0.5 -> 0, 0 -> 128, 1 -> 255.5 -> 255, -2 -> 0, 2 -> 255,
        // 0.57 -> 200.675 -> 200.
        var x = tensor(new float[] { -1, 0, 1, -2, 2, 0.57f }, [1, 1, 1, 6]);
        Assert.Equal(new byte[] { 0, 128, 255, 0, 255, 200 }, ImageQuantizer.ToUInt8(x).data<byte>().ToArray());
    }

    [Fact]
    public void DatasetImagesRoundTripThroughTheFloatRangeToTheSameBytes()
    {
        using var scope = NewDisposeScope();
        var dataset = SmallDataset();
        var asFloat = dataset.ToTensor();
        Assert.Equal(dataset.Pixels.ToArray(), ImageQuantizer.ToUInt8(asFloat).data<byte>().ToArray());
    }

    [Fact]
    public void GeneratedImagesMatchingTheDatasetScoreZero()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        var dataset = SmallDataset(40);
        var extractor = new TestExtractor();
        var scores = MetricSuite.Compute(extractor, dataset, FeatureExtraction.FromTensor(dataset.ToTensor()),
            ["fd", "kid", "pr"], 40,
                                         new MetricOptions { Cache = new FeatureCache(dir.Path), KidSubsets = 5 });
        Assert.Equal(["fd-test", "kid-test", "precision-test", "recall-test"], scores.Keys.Order().ToArray());
        Assert.True(Math.Abs(scores["fd-test"]) < 1e-6, $"fd {scores["fd-test"]}");
        Assert.Equal(1.0, scores["precision-test"]);
        Assert.Equal(1.0, scores["recall-test"]);
    }

    [Fact]
    public void DifferentImagesScoreAboveZero()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        var dataset = SmallDataset(40);
        var darker = dataset.ToTensor().sub(0.5);
        var scores = MetricSuite.Compute(new TestExtractor(), dataset, FeatureExtraction.FromTensor(darker), ["fd"], 40,
                                         new MetricOptions { Cache = new FeatureCache(dir.Path) });
        Assert.True(scores["fd-test"] > 100, $"fd {scores["fd-test"]}");
    }

    [Fact]
    public void RealFeaturesAreCachedPerDatasetNetworkAndCount()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        var cache = new FeatureCache(dir.Path);
        var dataset = SmallDataset(20);
        var extractor = new TestExtractor();
        var first = cache.RealFeatures(dataset, extractor, 20, out bool hit1);
        var second = cache.RealFeatures(dataset, extractor, 20, out bool hit2);
        Assert.False(hit1);
        Assert.True(hit2);
        Assert.Equal(20, extractor.ImagesSeen); // the second call did not extract again
        Assert.True(first.allclose(second));

        // Another count, other pixels (same name), another network: each its own entry.
        cache.RealFeatures(dataset, extractor, 10, out bool otherCount);
        cache.RealFeatures(SmallDataset(20, seed: 1).Select(Enumerable.Range(0, 20).ToList(), dataset.Name), extractor,
            20, out bool otherPixels);
        cache.RealFeatures(dataset, new TestExtractor("test-v2"), 20, out bool otherNetwork);
        Assert.False(otherCount || otherPixels || otherNetwork);
        Assert.Equal(4, Directory.GetFiles(dir.Path, "*.npy").Length);
    }

    [Fact]
    public void ADamagedCacheEntryIsRecomputed()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        var cache = new FeatureCache(dir.Path);
        var dataset = SmallDataset(8);
        var extractor = new TestExtractor();
        File.WriteAllText(cache.PathFor(dataset, extractor, 8), "not a npy file");
        var features = cache.RealFeatures(dataset, extractor, 8, out bool hit);
        Assert.False(hit);
        Assert.Equal([8L, 10L], features.shape);
    }

    [Fact]
    public void ScoresNameTheirNetwork()
    {
        var standard = new TestStandard();
        Assert.Equal(["fid"], MetricSuite.ScoreNames("fd", standard));
        Assert.Equal(["kid"], MetricSuite.ScoreNames("kid", standard));
        Assert.Equal(["precision-inception", "recall-inception"], MetricSuite.ScoreNames("pr", standard));
        Assert.Equal(["fd-test"], MetricSuite.ScoreNames("fd", new TestExtractor()));
        Assert.Equal(["fd", "kid", "pr"], MetricSuite.Parse("FID, kid,pr,fd"));
        Assert.Throws<ArgumentException>(() => MetricSuite.Parse("fd,is"));
    }

    [Fact]
    public void ASourceGivingTheWrongNumberOfImagesIsAnError()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() => FeatureExtraction.OfFakes(new TestExtractor(),
            n => zeros(n + 1, 3, 8, 8), 5));
        Assert.Contains("asked for 5", error.Message);
    }

    sealed class TestStandard : IFeatureExtractor
    {
        public string Name => "inception";
        public int Dimension => 1;
        public bool IsStandard => true;
        public string Fingerprint => "x";
        public Tensor Extract(Tensor images) => throw new NotSupportedException();
        public void Dispose() { }
    }
}
