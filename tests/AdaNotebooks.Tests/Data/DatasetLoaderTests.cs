using AdaNotebooks.Data;
using AdaNotebooks.Imaging;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Data;

public class DatasetLoaderTests
{
    static ImageDataset Random(int count, int channels = 3, int size = 4, bool labels = true)
    {
        var pixels = new byte[count * channels * size * size];
        new Random(count).NextBytes(pixels);
        return new ImageDataset("random", pixels, channels, size, size, labels ? Enumerable.Range(0, count)
            .Select(i => i % 5).ToArray() : null);
    }

    [Fact]
    public void BatchesAreFloatImagesInMinusOneToOneWithTheirLabels()
    {
        var d = Random(10);
        using var loader = new DatasetLoader(d, batchSize: 4, seed: 1);
        using var scope = NewDisposeScope();
        var batch = loader.Next();
        Assert.Equal(new long[] { 4, 3, 4, 4 }, batch.Images.shape);
        Assert.Equal(ScalarType.Float32, batch.Images.dtype);
        Assert.Equal(new long[] { 4 }, batch.Labels!.shape);
        Assert.Equal(ScalarType.Int64, batch.Labels.dtype);
        for (int k = 0; k < 4; k++)
        {
            var expected = ImageTensors.FromBytes(d.GetImage(batch.Indices[k]), [3, 4, 4]);
            Assert.True(batch.Images[k].allclose(expected, rtol: 0, atol: 1e-6));
            Assert.Equal(d.Label(batch.Indices[k]), batch.Labels[k].item<long>());
        }
        Assert.True(batch.Images.min().item<float>() >= -1f && batch.Images.max().item<float>() <= 1f);
    }

    [Fact]
    public void EachEpochIsAPermutationAndTheLoaderNeverEnds()
    {
        var d = Random(12, labels: false);
        using var loader = new DatasetLoader(d, batchSize: 4, seed: 9);
        var seen = new List<int>();
        foreach (var batch in loader.Batches().Take(3 * 5)) // 5 epochs of 3 batches
        {
            Assert.Null(batch.Labels);
            seen.AddRange(batch.Indices);
            batch.Dispose();
        }
        var epochs = seen.Chunk(12).ToList();
        Assert.Equal(5, epochs.Count);
        Assert.All(epochs, e => Assert.Equal(Enumerable.Range(0, 12), e.Order()));
        Assert.NotEqual(epochs[0], epochs[1]); // reshuffled each epoch
        Assert.Equal(15, loader.BatchesServed);
    }

    [Fact]
    public void BatchesRunAcrossEpochEnds()
    {
        var order = DatasetLoader.Order(5, seed: 2, shuffle: true).Take(15).ToArray();
        using var loader = new DatasetLoader(Random(5, labels: false), batchSize: 3, seed: 2);
        var served = Enumerable.Range(0, 5).SelectMany(_ => { using var b = loader.Next(); return b.Indices; })
            .ToArray();
        Assert.Equal(order, served);
        Assert.All(order.Chunk(5), e => Assert.Equal(Enumerable.Range(0, 5), e.Order()));
    }

    [Fact]
    public void OrderDependsOnlyOnTheSeed()
    {
        var d = Random(50);
        int[] Take(int seed)
        {
            using var loader = new DatasetLoader(d, 8, seed, prefetch: seed % 3 + 1);
            return Enumerable.Range(0, 10).SelectMany(_ => { using var b = loader.Next(); return b.Indices; })
                .ToArray();
        }
        Assert.Equal(Take(4), Take(4));
        Assert.NotEqual(Take(4), Take(5));
    }

    [Fact]
    public void WithoutShufflingTheOrderIsPlain()
    {
        using var loader = new DatasetLoader(Random(6), batchSize: 4, shuffle: false);
        using var a = loader.Next();
        using var b = loader.Next();
        Assert.Equal(new[] { 0, 1, 2, 3 }, a.Indices);
        Assert.Equal(new[] { 4, 5, 0, 1 }, b.Indices);
    }

    [Fact]
    public void MirroredIndicesComeFlipped()
    {
        var d = Random(2, channels: 1, size: 3, labels: false).Mirrored();
        using var loader = new DatasetLoader(d, batchSize: 4, shuffle: false);
        using var batch = loader.Next();
        Assert.True(batch.Images[2].allclose(batch.Images[0].flip(-1)));
        Assert.True(batch.Images[3].allclose(batch.Images[1].flip(-1)));
        Assert.False(batch.Images[2].allclose(batch.Images[0]));
    }

    [Fact]
    public void BatchTensorsLandInTheCallersScope()
    {
        using var loader = new DatasetLoader(Random(8), batchSize: 2);
        Tensor images;
        using (NewDisposeScope())
        {
            images = loader.Next().Images;
            Assert.False(images.IsInvalid);
        }
        Assert.True(images.IsInvalid); // disposed with the scope that asked for it
    }

    [Fact]
    public void DisposedLoaderRefusesAndBadArgumentsAreErrors()
    {
        var loader = new DatasetLoader(Random(4), 2);
        loader.Dispose();
        loader.Dispose();
        Assert.Throws<ObjectDisposedException>(() => loader.Next());
        Assert.Throws<ArgumentException>(() => new DatasetLoader(Random(4), 0));
    }
}
