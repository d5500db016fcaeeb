using AdaNotebooks.Data;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AdaNotebooks.Tests.Data;

public class DatasetOptionsTests
{
    /// <summary>count images of 1x1x2 whose two bytes encode the index, labelled index % 4.</summary>
    static ImageDataset Numbered(int count) =>
        new("numbered", Enumerable.Range(0, count).SelectMany(i => new[] { (byte)(i % 256), (byte)(i / 256) })
            .ToArray(), 1, 1, 2,
            Enumerable.Range(0, count).Select(i => i % 4).ToArray());

    static int IndexOf(ImageDataset d, int i)
    {
        var image = d.GetImage(i);
        return image[0] + 256 * image[1];
    }

    [Property(MaxTest = 200)]
    public bool SplitIsDisjointCoversAllAndIsDeterministic(PositiveInt countArg, PositiveInt validationArg, int seed)
    {
        int count = countArg.Get % 500 + 2;
        int validation = validationArg.Get % (count - 1) + 1;
        var (train, held) = DatasetOptions.Split(count, validation, seed);
        var again = DatasetOptions.Split(count, validation, seed);
        return held.Length == validation
               && train.Length == count - validation
               && !train.Intersect(held).Any()
               && train.Concat(held).Order().SequenceEqual(Enumerable.Range(0, count))
               && train.SequenceEqual(again.Train) && held.SequenceEqual(again.Validation)
               && train.SequenceEqual(train.Order()) && held.SequenceEqual(held.Order());
    }

    [Property(MaxTest = 200)]
    public bool SubsetsAreSortedDistinctDeterministicAndNested(PositiveInt countArg, PositiveInt sizeArg, int seed)
    {
        int count = countArg.Get % 1000 + 1;
        int size = sizeArg.Get % count + 1;
        var subset = DatasetOptions.SubsetIndices(count, size, seed);
        var smaller = DatasetOptions.SubsetIndices(count, (size + 1) / 2, seed);
        return subset.Length == size
               && subset.Distinct().Count() == size
               && subset.All(i => i >= 0 && i < count)
               && subset.SequenceEqual(subset.Order())
               && subset.SequenceEqual(DatasetOptions.SubsetIndices(count, size, seed))
               && smaller.All(i => subset.Contains(i));
    }

    [Fact]
    public void DifferentSeedsChooseDifferentSubsets()
    {
        Assert.NotEqual(DatasetOptions.SubsetIndices(60_000, 500, 1), DatasetOptions.SubsetIndices(60_000, 500, 2));
        Assert.NotEqual(DatasetOptions.Split(1000, 100, 1).Validation, DatasetOptions.Split(1000, 100, 2).Validation);
    }

    [Fact]
    public void ApplyHoldsOutThenSubsetsThenMirrors()
    {
        var d = Numbered(600);
        var split = new DatasetOptions { Validation = 100, Subset = 50, Mirror = true, Seed = 3 }.Apply(d);
        Assert.NotNull(split.Validation);
        Assert.Equal(100, split.Validation!.ImageCount);
        Assert.Equal(50, split.Train.ImageCount);
        Assert.Equal(100, split.Train.Count);
        Assert.True(split.Train.XFlip && split.Validation.XFlip);

        var trainIds = Enumerable.Range(0, 50).Select(i => IndexOf(split.Train, i)).ToHashSet();
        var heldIds = Enumerable.Range(0, 100).Select(i => IndexOf(split.Validation, i)).ToHashSet();
        Assert.Empty(trainIds.Intersect(heldIds));
        Assert.Equal(DatasetOptions.Split(600, 100, 3).Validation, heldIds.Order());
        // Labels travel with their images.
        Assert.All(Enumerable.Range(0, 100), i => Assert.Equal(IndexOf(split.Train, i % 50) % 4, split.Train.Label(i)));
    }

    [Fact]
    public void SubsetLargerThanTheSetIsAnError()
    {
        var e = Assert.Throws<ArgumentException>(() => new DatasetOptions { Subset = 11 }.Apply(Numbered(10)));
        Assert.Contains("subset of 11 images", e.Message);
        Assert.Throws<ArgumentException>(() => new DatasetOptions { Validation = 10 }.Apply(Numbered(10)));
    }

    [Fact]
    public void MirroringDoublesTheSetWithFlippedCopies()
    {
        var pixels = Enumerable.Range(0, 2 * 3 * 2 * 3).Select(i => (byte)i).ToArray(); // 2 RGB images 2x3 (H x W)
        var d = new ImageDataset("m", pixels, 3, 2, 3, [0, 1]).Mirrored();
        Assert.Equal(4, d.Count);
        Assert.Equal(2, d.ImageCount);
        Assert.Equal(pixels[..18], d.GetImage(0));
        var flipped = d.GetImage(2);
        for (int row = 0; row < 6; row++) // every row of every channel reversed
            Assert.Equal(pixels[(row * 3)..(row * 3 + 3)].Reverse(), flipped[(row * 3)..(row * 3 + 3)]);
        Assert.Equal(1, d.Label(3));
        Assert.Equal(new Dictionary<int, int> { [0] = 2, [1] = 2 }, d.ClassCounts());
        Assert.Throws<InvalidOperationException>(() => d.Select([0]));
    }

    [Fact]
    public void DatasetChecksItsShape()
    {
        Assert.Throws<ArgumentException>(() => new ImageDataset("x", new byte[10], 3, 2, 2));
        Assert.Throws<ArgumentException>(() => new ImageDataset("x", new byte[12], 2, 2, 3));
        Assert.Throws<ArgumentException>(() => new ImageDataset("x", new byte[12], 3, 2, 2, [1, 2]));
        Assert.Throws<InvalidDataException>(() => new ImageDataset("x", [], 3, 2, 2));
    }
}
