using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;
using AdaNotebooks.Data;

namespace AdaNotebooks.Tests.Data;

public class ZipDatasetTests
{
    static ImageDataset Sample(int count, int channels, bool labels)
    {
        var random = new Random(count * 10 + channels);
        var pixels = new byte[count * channels * 5 * 4];
        random.NextBytes(pixels);
        return new ImageDataset("sample", pixels, channels, 5, 4, labels ? Enumerable.Range(0, count).Select(i => i % 3)
            .ToArray() : null);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(3, false)]
    public void WriterAndReaderRoundTripExactly(int channels, bool labels)
    {
        using var dir = new TempDir();
        var original = Sample(7, channels, labels);
        var zip = Path.Combine(dir.Path, "out.zip");
        DatasetWriter.Write(original, zip);

        var loaded = Datasets.Open(zip);
        Assert.Equal((7, channels, 5, 4, labels), (loaded.Count, loaded.Channels, loaded.Height, loaded.Width,
            loaded.HasLabels));
        Assert.Equal(original.Pixels.ToArray(), loaded.Pixels.ToArray());
        if (labels)
            Assert.Equal(Enumerable.Range(0, 7).Select(original.Label), Enumerable.Range(0, 7).Select(loaded.Label));
    }

    [Fact]
    public void WriterUsesTheDatasetToolLayoutAndIsDeterministic()
    {
        using var dir = new TempDir();
        var d = new ImageDataset("many", new byte[1001 * 4], 1, 2, 2, Enumerable.Range(0, 1001).Select(i => i % 10)
            .ToArray());
        var a = Path.Combine(dir.Path, "a.zip");
        var b = Path.Combine(dir.Path, "b.zip");
        DatasetWriter.Write(d, a);
        DatasetWriter.Write(d, b);
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));

        using var zip = ZipFile.OpenRead(a);
        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Equal("00000/img00000000.png", names[0]);
        Assert.Contains("00000/img00000999.png", names);
        Assert.Contains("00001/img00001000.png", names);
        Assert.Equal("dataset.json", names[^1]);
        using var json = JsonDocument.Parse(zip.GetEntry("dataset.json")!.Open());
        var labels = json.RootElement.GetProperty("labels");
        Assert.Equal(1001, labels.GetArrayLength());
        Assert.Equal("00001/img00001000.png", labels[1000][0].GetString());
        Assert.Equal(0, labels[1000][1].GetInt32());
        Assert.Equal(9, labels[999][1].GetInt32());
    }

    [Fact]
    public void UnlabelledDatasetsWriteNullLabels()
    {
        using var dir = new TempDir();
        var zip = Path.Combine(dir.Path, "u.zip");
        DatasetWriter.Write(Sample(2, 3, labels: false), zip);
        using var archive = ZipFile.OpenRead(zip);
        using var reader = new StreamReader(archive.GetEntry("dataset.json")!.Open());
        Assert.Equal("""{"labels":null}""", reader.ReadToEnd());
    }

    [Fact]
    public void MirroredDatasetsAreWrittenWithTheirMirrors()
    {
        using var dir = new TempDir();
        var zip = Path.Combine(dir.Path, "m.zip");
        var d = Sample(3, 3, labels: true).Mirrored();
        DatasetWriter.Write(d, zip);
        var loaded = Datasets.Open(zip);
        Assert.Equal(6, loaded.Count);
        Assert.Equal(d.GetImage(4), loaded.GetImage(4));
        Assert.Equal(d.Label(4), loaded.Label(4));
    }

    [Fact]
    public void ReaderFollowsLabelsByPathAndSkipsFolders()
    {
        using var dir = new TempDir();
        var zip = dir.Write("d.zip", TestFiles.Zip(
            ("imgs/", []),
            ("imgs/b.png", TestFiles.GrayPng(3, 3, 20)),
            ("imgs/a.png", TestFiles.GrayPng(3, 3, 10)),
            ("__MACOSX/imgs/._a.png", [0, 1, 2]),
            ("dataset.json", """{"labels": [["imgs/a.png", 4], ["imgs/b.png", 5]]}"""u8.ToArray())));
        var d = Datasets.Open(zip);
        Assert.Equal(2, d.Count);
        Assert.Equal(10, d.GetImage(0)[0]);
        Assert.Equal(new[] { 4, 5 }, new[] { d.Label(0), d.Label(1) });
    }

    [Fact]
    public void NonImageEntryIsAnError()
    {
        using var dir = new TempDir();
        var zip = dir.Write("d.zip", TestFiles.Zip(("a.png", TestFiles.GrayPng(2, 2, 1)),
            ("readme.txt", "hi"u8.ToArray())));
        var e = Assert.Throws<InvalidDataException>(() => Datasets.Open(zip));
        Assert.StartsWith(zip + "/readme.txt:", e.Message);
    }

    [Fact]
    public void CorruptEntryIsAnErrorNamingIt()
    {
        using var dir = new TempDir();
        var png = TestFiles.SolidPng(8, 8, 1, 2, 3);
        var zip = dir.Write("d.zip", TestFiles.Zip(("00000/img00000000.png", png),
            ("00000/img00000001.png", png[..(png.Length / 2)])));
        var e = Assert.Throws<InvalidDataException>(() => Datasets.Open(zip));
        Assert.StartsWith(zip + "/00000/img00000001.png:", e.Message);
    }

    [Fact]
    public void EmptyArchiveAndNonZipAreErrors()
    {
        using var dir = new TempDir();
        var empty = dir.Write("empty.zip", TestFiles.Zip(("dataset.json", """{"labels": null}"""u8.ToArray())));
        Assert.Contains("no images found", Assert.Throws<InvalidDataException>(() => Datasets.Open(empty)).Message);
        var fake = dir.Write("fake.zip", "PK but not really"u8.ToArray());
        Assert.Contains("not a zip archive", Assert.Throws<InvalidDataException>(() => Datasets.Open(fake)).Message);
    }

    [Fact]
    public void HugeDeclaredSizesAreRejectedBeforeInflating()
    {
        using var dir = new TempDir();
        var bytes = TestFiles.Zip(("a.png", TestFiles.GrayPng(2, 2, 1)), ("b.png", TestFiles.GrayPng(2, 2, 2)));
        // Claim 2 GB for b.png in the central directory (uncompressed size at offset 24 of its record).
        int central = LastIndexOf(bytes, [0x50, 0x4b, 0x01, 0x02]);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(central + 24), 0x7FFF_FFF0);
        var zip = dir.Write("bomb.zip", bytes);
        var e = Assert.Throws<InvalidDataException>(() => Datasets.Open(zip));
        Assert.StartsWith(zip + "/b.png:", e.Message);
        Assert.Contains("above the limit", e.Message);
    }

    [Fact]
    public void EntriesThatInflateBeyondTheirDeclaredSizeAreErrors()
    {
        using var dir = new TempDir();
        var bytes = TestFiles.Zip(("a.png", TestFiles.SolidPng(16, 16, 5, 5, 5)));
        int central = LastIndexOf(bytes, [0x50, 0x4b, 0x01, 0x02]);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(central + 24), 10); // claims 10 bytes
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(22), 10);          // and in the local header
        var zip = dir.Write("liar.zip", bytes);
        var e = Assert.Throws<InvalidDataException>(() => Datasets.Open(zip));
        Assert.StartsWith(zip + "/a.png:", e.Message);
    }

    [Fact]
    public void TotalDeclaredBytesAreCapped()
    {
        using var dir = new TempDir();
        var png = TestFiles.SolidPng(8, 8, 1, 2, 3);
        var zip = dir.Write("d.zip", TestFiles.Zip(Enumerable.Range(0, 5).Select(i => ($"{i}.png", png)).ToArray()));
        var e = Assert.Throws<InvalidDataException>(() => Datasets.Open(zip,
            new DecodeOptions { MaxTotalBytes = png.Length * 3 }));
        Assert.Contains("declare", e.Message);
        Assert.Contains("above the limit", e.Message);
    }

    static int LastIndexOf(byte[] bytes, byte[] pattern) => bytes.AsSpan().LastIndexOf(pattern);
}
