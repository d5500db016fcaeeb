using AdaNotebooks.Data;

namespace AdaNotebooks.Tests.Data;

public class Cifar10Tests
{
    [Fact]
    public void RecordsAreLabelAndRgbPlanes()
    {
        using var dir = new TempDir();
        var file = dir.Write("data_batch_1.bin", TestFiles.CifarRecords(3, 0, 9));
        var d = Datasets.Open(file);
        Assert.Equal((3, 3, 32, 32), (d.Count, d.Channels, d.Height, d.Width));
        Assert.Equal(new[] { 3, 0, 9 }, Enumerable.Range(0, 3).Select(d.Label));
        var image = d.GetImage(2);
        Assert.Equal(20, image[0]);      // R plane of image 2
        Assert.Equal(21, image[1024]);   // G
        Assert.Equal(22, image[3071]);   // B
    }

    [Fact]
    public void AFolderMeansItsTrainingBatchesInOrder()
    {
        using var dir = new TempDir();
        dir.Write("data_batch_2.bin", TestFiles.CifarRecords(5));
        dir.Write("data_batch_1.bin", TestFiles.CifarRecords(1, 2));
        dir.Write("test_batch.bin", TestFiles.CifarRecords(7));
        dir.Write("batches.meta.txt", "airplane\n"u8.ToArray());
        Assert.Equal(Datasets.Kind.Cifar10, Datasets.Detect(dir.Path));
        var d = Datasets.Open(dir.Path);
        Assert.Equal(new[] { 1, 2, 5 }, Enumerable.Range(0, d.Count).Select(d.Label));
    }

    [Fact]
    public void ResIsAppliedToRawImages()
    {
        using var dir = new TempDir();
        var d = Datasets.Open(dir.Write("data_batch_1.bin", TestFiles.CifarRecords(4)),
            new DecodeOptions { Resolution = 16, Channels = 1 });
        Assert.Equal((1, 16, 16), (d.Channels, d.Height, d.Width));
        Assert.Equal(4, d.Label(0));
        Assert.All(d.GetImage(0), v => Assert.Equal((byte)Math.Round(0.587 * 1 + 0.114 * 2), v));
    }

    [Fact]
    public void TruncatedBatchIsAnError()
    {
        using var dir = new TempDir();
        var records = TestFiles.CifarRecords(1, 2);
        var bad = dir.Write("data_batch_1.bin", records[..^100]);
        var e = Assert.Throws<InvalidDataException>(() => Datasets.Open(bad));
        Assert.StartsWith(bad + ":", e.Message);
        Assert.Contains("not a whole number of CIFAR-10 records", e.Message);
    }

    [Fact]
    public void LabelOutOfRangeIsAnError()
    {
        using var dir = new TempDir();
        var bad = dir.Write("data_batch_1.bin", TestFiles.CifarRecords(1, 12));
        var e = Assert.Throws<InvalidDataException>(() => Datasets.Open(bad));
        Assert.Contains("record 1 has label 12", e.Message);
    }
}

public class IdxTests
{
    static byte[] Images(int n, int rows, int cols) =>
        TestFiles.Idx([n, rows, cols], Enumerable.Range(0, n * rows * cols)
            .Select(i => (byte)(i / (rows * cols) * 10 + i % (rows * cols) % 7)).ToArray());

    [Fact]
    public void ReadsImagesWithTheirLabels()
    {
        using var dir = new TempDir();
        var images = dir.Write("train-images-idx3-ubyte", Images(3, 4, 5));
        dir.Write("train-labels-idx1-ubyte", TestFiles.Idx([3], [7, 8, 9]));
        var d = Datasets.Open(images);
        Assert.Equal((3, 1, 4, 5), (d.Count, d.Channels, d.Height, d.Width));
        Assert.Equal(new[] { 7, 8, 9 }, Enumerable.Range(0, 3).Select(d.Label));
        Assert.Equal(new byte[] { 20, 21, 22 }, d.GetImage(2)[..3]);
    }

    [Fact]
    public void AFolderGivesTrainingThenTestImagesAndReadsGzip()
    {
        using var dir = new TempDir();
        dir.Write("t10k-images-idx3-ubyte.gz", TestFiles.Gzip(Images(1, 2, 2)));
        dir.Write("t10k-labels-idx1-ubyte.gz", TestFiles.Gzip(TestFiles.Idx([1], [4])));
        dir.Write("train-images-idx3-ubyte.gz", TestFiles.Gzip(Images(2, 2, 2)));
        dir.Write("train-labels-idx1-ubyte.gz", TestFiles.Gzip(TestFiles.Idx([2], [1, 2])));
        Assert.Equal(Datasets.Kind.Idx, Datasets.Detect(dir.Path));
        var d = Datasets.Open(dir.Path);
        Assert.Equal(new[] { 1, 2, 4 }, Enumerable.Range(0, 3).Select(d.Label));
    }

    [Fact]
    public void WithoutALabelsFileThereAreNoLabels()
    {
        using var dir = new TempDir();
        Assert.False(Datasets.Open(dir.Write("x-images-idx3-ubyte", Images(2, 3, 3))).HasLabels);
    }

    [Fact]
    public void BadMagicIsAnError()
    {
        using var dir = new TempDir();
        var bytes = Images(1, 2, 2);
        bytes[0] = 0x42;
        var bad = dir.Write("train-images-idx3-ubyte", bytes);
        var e = Assert.Throws<InvalidDataException>(() => Datasets.Open(bad));
        Assert.StartsWith(bad + ":", e.Message);
        Assert.Contains("bad magic", e.Message);
    }

    [Fact]
    public void OtherDataTypesAreRefused()
    {
        using var dir = new TempDir();
        var bad = dir.Write("train-images-idx3-ubyte", TestFiles.Idx([1, 2, 2], new byte[16], type: 0x0D));
        Assert.Contains("only unsigned bytes", Assert.Throws<InvalidDataException>(() => Datasets.Open(bad)).Message);
    }

    [Fact]
    public void TruncatedDataIsAnError()
    {
        using var dir = new TempDir();
        var bytes = Images(3, 4, 4);
        var bad = dir.Write("train-images-idx3-ubyte", bytes[..^5]);
        var e = Assert.Throws<InvalidDataException>(() => Datasets.Open(bad));
        Assert.StartsWith(bad + ":", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void LabelCountMustMatch()
    {
        using var dir = new TempDir();
        var images = dir.Write("train-images-idx3-ubyte", Images(3, 2, 2));
        dir.Write("train-labels-idx1-ubyte", TestFiles.Idx([2], [1, 2]));
        var e = Assert.Throws<InvalidDataException>(() => Datasets.Open(images));
        Assert.Contains("2 labels for the 3 images", e.Message);
    }

    [Fact]
    public void ALabelsFileAloneIsRefused()
    {
        using var dir = new TempDir();
        var labels = dir.Write("train-labels-idx1-ubyte", TestFiles.Idx([2], [1, 2]));
        Assert.Contains("labels file", Assert.Throws<ArgumentException>(() => Datasets.Open(labels)).Message);
    }
}
