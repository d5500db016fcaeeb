using AdaNotebooks.Data;
using SixLabors.ImageSharp.PixelFormats;

namespace AdaNotebooks.Tests.Data;

public class FolderDatasetTests
{
    [Fact]
    public void ReadsPngAndJpegRecursivelyInOrdinalOrder()
    {
        using var dir = new TempDir();
        dir.Write("a/2.png", TestFiles.SolidPng(4, 4, 2, 0, 0));
        dir.Write("a/10.png", TestFiles.SolidPng(4, 4, 10, 0, 0));
        dir.Write("b.png", TestFiles.SolidPng(4, 4, 20, 40, 60));
        dir.Write("c.jpg", TestFiles.Jpeg(4, 4, 200, 100, 50));

        var d = Datasets.Open(dir.Path);

        Assert.Equal((4, 3, 4, 4), (d.Count, d.Channels, d.Height, d.Width));
        Assert.False(d.HasLabels);
        Assert.Equal(10, d.GetImage(0)[0]); // "a/10.png" sorts before "a/2.png"
        Assert.Equal(2, d.GetImage(1)[0]);
        var b = d.GetImage(2);
        Assert.Equal(new byte[] { 20, 40, 60 }, new[] { b[0], b[16], b[32] }); // planar: R, G, B planes of 16
        var jpeg = d.GetImage(3);
        Assert.InRange(jpeg[0], 195, 205);
        Assert.InRange(jpeg[16], 95, 105);
        Assert.InRange(jpeg[32], 45, 55);
    }

    [Fact]
    public void LabelsComeFromDatasetJson()
    {
        using var dir = new TempDir();
        dir.Write("x/a.png", TestFiles.GrayPng(2, 2, 1));
        dir.Write("x/b.png", TestFiles.GrayPng(2, 2, 2));
        dir.Write("dataset.json", """{"labels": [["x/b.png", 7], ["x/a.png", 3]]}"""u8.ToArray());
        var d = Datasets.Open(dir.Path);
        Assert.True(d.HasLabels);
        Assert.Equal(new[] { 3, 7 }, new[] { d.Label(0), d.Label(1) });
        Assert.Equal(8, d.ClassCount);
        Assert.Equal(new Dictionary<int, int> { [3] = 1, [7] = 1 }, d.ClassCounts());
    }

    [Fact]
    public void NullLabelsMeanNoLabels()
    {
        using var dir = new TempDir();
        dir.Write("a.png", TestFiles.GrayPng(2, 2, 1));
        dir.Write("dataset.json", """{"labels": null}"""u8.ToArray());
        Assert.False(Datasets.Open(dir.Path).HasLabels);
    }

    [Fact]
    public void TransparentPixelsAreCompositedOntoTheBackground()
    {
        using var dir = new TempDir();
        // Top: opaque red, half-transparent green; bottom: fully transparent, then (1, 0, 0) at alpha 200.
        dir.Write("a.png", TestFiles.Png(2, 2, (x, y) => (x, y) switch
        {
            (0, 0) => new Rgba32(255, 0, 0, 255),
            (1, 0) => new Rgba32(0, 200, 0, 128),
            (0, 1) => new Rgba32(9, 9, 9, 0),
            _ => new Rgba32(1, 0, 0, 200),
        }));

        // out = (c * a + background * (255 - a)) / 255, rounded.
        var white = Datasets.Open(dir.Path).GetImage(0);
        Assert.Equal(3, white.Length / 4);
        // R: 255; 255 * 127 / 255 = 127; transparent 255; (1 * 200 + 255 * 55) / 255 = 55.78 -> 56.
        Assert.Equal(new byte[] { 255, 127, 255, 56 }, white[..4]);
        // G: 0; (200 * 128 + 255 * 127) / 255 = 227.4 -> 227; 255; 55.
        Assert.Equal(new byte[] { 0, 227, 255, 55 }, white[4..8]);

        var black = Datasets.Open(dir.Path, new DecodeOptions { Background = new Rgb24(0, 0, 0) }).GetImage(0);
        Assert.Equal(new byte[] { 255, 0, 0, 1 }, black[..4]);   // 200 / 255 = 0.78 -> 1
        Assert.Equal(new byte[] { 0, 100, 0, 0 }, black[4..8]);  // 200 * 128 / 255 = 100.4 -> 100
    }

    [Fact]
    public void SixteenBitImagesAreReducedToEightBits()
    {
        using var dir = new TempDir();
        dir.Write("a.png", TestFiles.Png(2, 1, (x, _) => x == 0
            ? new Rgb48(65535, 25700, 0)
            : new Rgb48(257 * 17, 0, 65535)));
        var d = Datasets.Open(dir.Path);
        Assert.Equal(3, d.Channels);
        Assert.Equal(new byte[] { 255, 17, 100, 0, 0, 255 }, d.GetImage(0));
    }

    [Fact]
    public void GrayImagesGiveOneChannelAndAreExpandedOnRequest()
    {
        using var dir = new TempDir();
        dir.Write("a.png", TestFiles.GrayPng(2, 2, 77));
        Assert.Equal(1, Datasets.Open(dir.Path).Channels);

        dir.Write("b.png", TestFiles.SolidPng(2, 2, 10, 20, 30));
        var e = Assert.Throws<InvalidDataException>(() => Datasets.Open(dir.Path));
        Assert.Contains("b.png", e.Message);
        Assert.Contains("RGB (3 channels) but the dataset is gray", e.Message);
        Assert.Contains("--channels", e.Message);

        var rgb = Datasets.Open(dir.Path, new DecodeOptions { Channels = 3 });
        Assert.Equal(Enumerable.Repeat((byte)77, 12), rgb.GetImage(0));
        var gray = Datasets.Open(dir.Path, new DecodeOptions { Channels = 1 });
        Assert.Equal(Enumerable.Repeat((byte)Math.Round(0.299 * 10 + 0.587 * 20 + 0.114 * 30), 4), gray.GetImage(1));
    }

    [Fact]
    public void MixedSizesNeedRes()
    {
        using var dir = new TempDir();
        dir.Write("a.png", TestFiles.SolidPng(32, 32, 1, 2, 3));
        var bad = dir.Write("b.png", TestFiles.SolidPng(40, 32, 1, 2, 3));
        var e = Assert.Throws<InvalidDataException>(() => Datasets.Open(dir.Path));
        Assert.StartsWith(bad, e.Message);
        Assert.Contains("image is 40x32 but the dataset is 32x32", e.Message);
        Assert.Contains("--res", e.Message);

        foreach (var filter in new[] { ResizeFilter.Lanczos, ResizeFilter.Box })
        {
            var d = Datasets.Open(dir.Path, new DecodeOptions { Resolution = 16, Filter = filter });
            Assert.Equal((2, 16, 16), (d.Count, d.Height, d.Width));
            // A constant image stays constant whatever the filter.
            Assert.All(d.GetImage(1).Chunk(256), (plane, c) => Assert.All(plane, v => Assert.Equal(c + 1, v)));
        }
    }

    [Fact]
    public void BoxFilterAveragesBlocks()
    {
        using var dir = new TempDir();
        var random = new Random(5);
        var values = new byte[8, 8];
        for (int y = 0; y < 8; y++) for (int x = 0; x < 8; x++) values[y, x] = (byte)random.Next(256);
        dir.Write("a.png", TestFiles.Png(8, 8, (x, y) => new L8(values[y, x])));
        var image = Datasets.Open(dir.Path, new DecodeOptions { Resolution = 4, Filter = ResizeFilter.Box })
            .GetImage(0);
        for (int y = 0; y < 4; y++)
            for (int x = 0; x < 4; x++)
            {
                double mean = (values[2 * y, 2 * x] + values[2 * y, 2 * x + 1] + values[2 * y + 1, 2 * x] +
                    values[2 * y + 1, 2 * x + 1]) / 4.0;
                Assert.InRange(image[y * 4 + x], mean - 1, mean + 1);
            }
    }

    [Fact]
    public void CropKeepsTheCentreAndPadKeepsEverything()
    {
        using var dir = new TempDir();
        // 6x2: two red columns, two green, two blue.
        dir.Write("a.png", TestFiles.Png(6, 2, (x, _) => x < 2
            ? new Rgb24(255, 0, 0)
            : x < 4
            ? new Rgb24(0, 255, 0)
            : new Rgb24(0, 0, 255)));

        var centre = Datasets.Open(dir.Path, new DecodeOptions { Resolution = 2, Crop = CropMode.Center,
            Filter = ResizeFilter.Box }).GetImage(0);
        Assert.Equal(new byte[] { 0, 0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 0 }, centre); // all green

        var padded = Datasets.Open(dir.Path, new DecodeOptions { Resolution = 6, Crop = CropMode.Pad,
            Filter = ResizeFilter.Box, Background = new Rgb24(7, 7, 7) }).GetImage(0);
        byte R(int x, int y) => padded[y * 6 + x];
        byte B(int x, int y) => padded[72 + y * 6 + x];
        Assert.All(Enumerable.Range(0, 6), x => Assert.Equal(7, R(x, 0)));  // margin above
        Assert.All(Enumerable.Range(0, 6), x => Assert.Equal(7, R(x, 5)));  // margin below
        Assert.Equal(255, R(0, 2));
        Assert.Equal(255, B(5, 3));
    }

    [Fact]
    public void TruncatedPngIsAnError()
    {
        using var dir = new TempDir();
        dir.Write("good.png", TestFiles.Png(16, 16, (x, y) => new Rgb24((byte)(x * 16), (byte)(y * 16), 3)));
        var png = TestFiles.Png(16, 16, (x, y) => new Rgb24((byte)(x * 16), (byte)(y * 16), 7));
        var bad = dir.Write("truncated.png", png[..(png.Length * 2 / 3)]);
        var e = Assert.Throws<InvalidDataException>(() => Datasets.Open(dir.Path));
        Assert.StartsWith(bad + ":", e.Message);
        Assert.Matches("truncated|corrupt", e.Message);
    }

    [Fact]
    public void CorruptPngDataIsAnError()
    {
        using var dir = new TempDir();
        var png = TestFiles.Png(16, 16, (x, y) => new Rgb24((byte)(x * 16), (byte)(y * 16), 7));
        int idat = png.AsSpan().IndexOf("IDAT"u8);
        png[idat + 10] ^= 0xFF; // a flipped byte inside the compressed pixels; the file stays complete
        var bad = dir.Write("corrupt.png", png);
        var e = Assert.Throws<InvalidDataException>(() => Datasets.Open(dir.Path));
        Assert.StartsWith(bad + ":", e.Message);
        Assert.Contains("corrupt", e.Message);
    }

    [Fact]
    public void TruncatedJpegIsAnError()
    {
        using var dir = new TempDir();
        var jpeg = TestFiles.Jpeg(64, 64, 10, 200, 30);
        var bad = dir.Write("cut.jpg", jpeg[..(jpeg.Length - 40)]);
        var e = Assert.Throws<InvalidDataException>(() => Datasets.Open(dir.Path));
        Assert.StartsWith(bad + ":", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void GarbageWithAnImageNameIsAnError()
    {
        using var dir = new TempDir();
        dir.Write("a.png", TestFiles.SolidPng(2, 2, 1, 2, 3));
        var bad = dir.Write("b.png", "this is not a picture"u8.ToArray());
        var e = Assert.Throws<InvalidDataException>(() => Datasets.Open(dir.Path));
        Assert.StartsWith(bad + ":", e.Message);
        Assert.Contains("not an image", e.Message);
    }

    [Fact]
    public void BmpIsReadButGifUnderAPngNameIsRefused()
    {
        using var dir = new TempDir();
        using (var image = new SixLabors.ImageSharp.Image<Rgb24>(3, 3, new Rgb24(9, 8, 7)))
        {
            using var bmp = new MemoryStream();
            image.Save(bmp, new SixLabors.ImageSharp.Formats.Bmp.BmpEncoder());
            dir.Write("a.bmp", bmp.ToArray());
            using var gif = new MemoryStream();
            image.Save(gif, new SixLabors.ImageSharp.Formats.Gif.GifEncoder());
            dir.Write("sub/b.png", gif.ToArray());
        }
        var e = Assert.Throws<InvalidDataException>(() => Datasets.Open(dir.Path));
        Assert.StartsWith(Path.Combine(dir.Path, "sub/b.png") + ":", e.Message);
        Assert.Contains("not PNG, JPEG or BMP", e.Message);

        File.Delete(Path.Combine(dir.Path, "sub/b.png"));
        Assert.Equal(new byte[] { 9, 8, 7 }, Datasets.Open(dir.Path).GetImage(0).Chunk(9).Select(p => p[4]).ToArray());
    }

    [Fact]
    public void OtherFilesAreAnErrorButHiddenOnesAreIgnored()
    {
        using var dir = new TempDir();
        dir.Write("a.png", TestFiles.SolidPng(2, 2, 1, 2, 3));
        dir.Write(".DS_Store", [1, 2, 3]);
        dir.Write(".cache/x.bin", [1, 2, 3]);
        Assert.Equal(1, Datasets.Open(dir.Path).Count);

        var bad = dir.Write("sub/notes.txt", "hello"u8.ToArray());
        var e = Assert.Throws<InvalidDataException>(() => Datasets.Open(dir.Path));
        Assert.StartsWith(bad + ":", e.Message);
        Assert.Contains("not an image file", e.Message);
    }

    [Fact]
    public void EmptyFolderIsAnError()
    {
        using var dir = new TempDir();
        dir.Sub("empty/nested");
        var e = Assert.Throws<InvalidDataException>(() => Datasets.Open(Path.Combine(dir.Path, "empty")));
        Assert.Contains("no images found", e.Message);
    }

    [Fact]
    public void MissingPathIsAnError()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<FileNotFoundException>(() => Datasets.Open(Path.Combine(dir.Path, "nothing-here")));
        Assert.Contains("no such file or folder", e.Message);
    }

    [Fact]
    public void AbsurdDimensionsAreRejectedFromTheHeader()
    {
        using var dir = new TempDir();
        var bad = dir.Write("huge.png", TestFiles.PngHeaderOnly(100_000, 100_000));
        var e = Assert.Throws<InvalidDataException>(() => Datasets.Open(dir.Path));
        Assert.StartsWith(bad + ":", e.Message);
        Assert.Contains("100000x100000", e.Message);
        Assert.Contains("above the limit", e.Message);

        // A tighter limit applies to ordinary images too.
        dir.Write("huge.png", TestFiles.SolidPng(64, 64, 1, 1, 1));
        Assert.Contains("above the limit", Assert.Throws<InvalidDataException>(() => Datasets.Open(dir.Path,
            new DecodeOptions { MaxPixelsPerImage = 1000 })).Message);
    }

    [Fact]
    public void TotalBytesAreCapped()
    {
        using var dir = new TempDir();
        for (int i = 0; i < 4; i++) dir.Write($"{i}.png", TestFiles.SolidPng(16, 16, 1, 2, 3));
        var e = Assert.Throws<InvalidDataException>(() => Datasets.Open(dir.Path,
            new DecodeOptions { MaxTotalBytes = 2000 }));
        Assert.Contains("above the limit", e.Message);
    }

    [Theory]
    [InlineData("""{"labels": [["a.png", 1], ["b.png", 2], ["gone.png", 3]]}""",
        "label for gone.png, but there is no such image")]
    [InlineData("""{"labels": [["a.png", 1]]}""", "no label for image b.png")]
    [InlineData("""{"labels": [["a.png", 1], ["b.png", 2.5]]}""", "must be an integer")]
    [InlineData("""{"labels": [["a.png", 1], ["b.png", -1]]}""", "must be an integer >= 0")]
    [InlineData("""{"labels": [["a.png", 1], ["a.png", 1], ["b.png", 0]]}""", "labelled twice")]
    [InlineData("""{"labels": [["a.png", 1], "b.png"]}""", "not a [path, label] pair")]
    [InlineData("""{"labels": [["a.png", 1], ["b.png", 2]""", "malformed JSON")]
    [InlineData("""{"classes": []}""", "\"labels\" key")]
    public void BadLabelsAreErrors(string json, string expected)
    {
        using var dir = new TempDir();
        dir.Write("a.png", TestFiles.GrayPng(2, 2, 1));
        dir.Write("b.png", TestFiles.GrayPng(2, 2, 2));
        var file = dir.Write("dataset.json", System.Text.Encoding.UTF8.GetBytes(json));
        var e = Assert.Throws<InvalidDataException>(() => Datasets.Open(dir.Path));
        Assert.StartsWith(file + ":", e.Message);
        Assert.Contains(expected, e.Message);
    }
}
