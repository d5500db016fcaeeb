using AdaNotebooks.Data;
using AdaNotebooks.Experiments;
using AdaNotebooks.Imaging;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Experiments;

/// <summary>The nearest training image of generated ones, and the picture of the pairs.</summary>
public class MemorisationTests
{
    /// <summary><paramref name="count"/> random 3x8x8 images as bytes.</summary>
    static byte[] Pixels(int count, int seed)
    {
        var pixels = new byte[count * 3 * 8 * 8];
        new Random(seed).NextBytes(pixels);
        return pixels;
    }

    [Fact]
    public void ExactCopiesOfGeneratedImagesAreFoundAtDistanceZero()
    {
        using var scope = NewDisposeScope();
        int size = 3 * 8 * 8;
        var generated = Pixels(6, 1);
        var training = Pixels(300, 2);
        // Training images 7 and 280 (the second block of 256) are copies of generated images 1 and 4.
        generated.AsSpan(1 * size, size).CopyTo(training.AsSpan(7 * size));
        generated.AsSpan(4 * size, size).CopyTo(training.AsSpan(280 * size));
        var g = ImageTensors.FromBytes(generated, [6, 3, 8, 8]);
        var dataset = new ImageDataset("training", training, 3, 8, 8);
        foreach (var matches in new[]
                 {
                     Memorisation.Nearest(g, ImageTensors.FromBytes(training, [300, 3, 8, 8]), 5),
                     Memorisation.Nearest(g, dataset, 5),
                 })
        {
            Assert.Equal([0, 1, 2, 3, 4], matches.Select(m => m.Generated));
            Assert.Equal((7, 0.0), (matches[1].Training, matches[1].Distance));
            Assert.Equal((280, 0.0), (matches[4].Training, matches[4].Distance));
            Assert.All(new[] { matches[0], matches[2], matches[3] }, m => Assert.True(m.Distance > 1, $"{m}"));
        }
        // The distance is pixel L2: one image against itself shifted by 0.5 everywhere is sqrt(192 * 0.25) away.
        var one = g.narrow(0, 0, 1);
        var shifted = Memorisation.Nearest(one, one.add(0.5), 1)[0];
        Assert.Equal(Math.Sqrt(size * 0.25), shifted.Distance, 4);
    }

    [Fact]
    public void ThePairsArePngWithGeneratedAboveAndNearestBelow()
    {
        using var scope = NewDisposeScope();
        var generated = full(new long[] { 4, 3, 8, 8 }, 1f);
        var nearest = full(new long[] { 4, 3, 8, 8 }, -1f);
        using var png = Png.Decode(Memorisation.Pairs(generated, nearest));
        Assert.Equal((4 * 8 + 5 * 2, 2 * 8 + 3 * 2), (png.Width, png.Height));   // 4 columns, 2 rows, 2 px padding
        Assert.Equal(255, png[2, 2].R);                                         // generated (white) on top
        Assert.Equal(0, png[2, 2 + 8 + 2].R);                                   // nearest (black) below
    }

    [Fact]
    public void ShapesMustAgree()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => Memorisation.Nearest(zeros(2, 3, 8, 8), zeros(5, 1, 8, 8), 2));
        Assert.Throws<ArgumentException>(() => Memorisation.Nearest(zeros(2, 3, 8, 8), zeros(5, 3, 8, 8), 3));
    }
}
