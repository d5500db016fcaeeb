using AdaNotebooks.Imaging;
using SixLabors.ImageSharp.PixelFormats;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Imaging;

public class ImagingTests
{
    [Fact]
    public void QuantisesLikeTheReference()
    {
        // (x * 127.5 + 128) clamped and truncated.
        using var x = tensor(new float[] { -1, -0.5f, 0, 0.5f, 1, 2, -3 });
        Assert.Equal(new byte[] { 0, 64, 128, 191, 255, 255, 0 }, ImageTensors.ToBytes(x));
    }

    [Fact]
    public void BytesRoundTripThroughFloats()
    {
        var pixels = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        using var t = ImageTensors.FromBytes(pixels, [1, 1, 16, 16]);
        Assert.Equal(-1f, t.min().item<float>());
        Assert.Equal(1f, t.max().item<float>());
        Assert.Equal(pixels, ImageTensors.ToBytes(t));
    }

    [Fact]
    public void GridPlacesEveryImageInItsTile()
    {
        // 5 images 3x2 (H x W), RGB, image k filled with a value that encodes k per channel.
        using var scope = NewDisposeScope();
        var images = stack(Enumerable.Range(0, 5).Select(k =>
            stack(new[] { full(3, 2, k / 10.0), full(3, 2, -k / 10.0), full(3, 2, 0.5) })).ToArray());
        using var grid = ImageGrid.Make(images, columns: 3, padding: 1, scale: 2);
        Assert.Equal(3 * 4 + 4, grid.Width);   // 3 tiles of 2 px scaled 2x, 4 paddings
        Assert.Equal(2 * 6 + 3, grid.Height);  // 2 rows of 3 px scaled 2x, 3 paddings
        for (int k = 0; k < 5; k++)
        {
            int ox = 1 + (k % 3) * 5, oy = 1 + (k / 3) * 7;
            var expected = new Rgb24(ImageTensors.ToBytes(tensor(k / 10f))[0],
                ImageTensors.ToBytes(tensor(-k / 10f))[0], 191);
            for (int y = 0; y < 6; y++)
                for (int x = 0; x < 4; x++)
                    Assert.Equal(expected, grid[ox + x, oy + y]);
        }
        Assert.Equal(new Rgb24(255, 255, 255), grid[0, 0]);
        Assert.Equal(new Rgb24(255, 255, 255), grid[grid.Width - 2, grid.Height - 2]); // the empty 6th tile
    }

    [Fact]
    public void GrayImagesAreReplicatedAndPngRoundTrips()
    {
        using var scope = NewDisposeScope();
        var gray = linspace(-1, 1, 16).view(1, 1, 4, 4);
        var png = ImageGrid.Png(gray, padding: 0);
        using var decoded = Png.Decode(png);
        Assert.Equal(4, decoded.Width);
        var bytes = ImageTensors.ToBytes(gray);
        for (int i = 0; i < 16; i++)
        {
            var p = decoded[i % 4, i / 4];
            Assert.Equal(bytes[i], p.R);
            Assert.Equal(p.R, p.G);
            Assert.Equal(p.R, p.B);
        }
        Assert.StartsWith("data:image/png;base64,iVBOR", Png.DataUri(png));
    }

    [Fact]
    public void GrayPngsAreWrittenAsGrayscaleAndEveryLevelRoundTrips()
    {
        // Byte 25 of a PNG is its colour type (IHDR): 0 grayscale, 2 RGB.
        using var gray = new SixLabors.ImageSharp.Image<Rgb24>(256, 2);
        for (int x = 0; x < 256; x++) gray[x, 0] = gray[x, 1] = new Rgb24((byte)x, (byte)x, (byte)x);
        var png = Png.Encode(gray);
        Assert.Equal(0, png[25]);
        using (var decoded = Png.Decode(png))
            for (int x = 0; x < 256; x++) Assert.Equal(gray[x, 1], decoded[x, 1]);
        using var colour = gray.Clone();
        colour[7, 1] = new Rgb24(7, 8, 7);   // one pixel off the gray axis
        var rgbPng = Png.Encode(colour);
        Assert.Equal(2, rgbPng[25]);
        using var rgb = Png.Decode(rgbPng);
        Assert.Equal(new Rgb24(7, 8, 7), rgb[7, 1]);
        Assert.Equal(gray[200, 0], rgb[200, 0]);
        Assert.True(png.Length < rgbPng.Length);
    }

    [Fact]
    public void ImageToPlanesAndBack()
    {
        using var scope = NewDisposeScope();
        var rgb = rand(3, 5, 7) * 2 - 1;
        using var image = ImageTensors.ToImage(rgb);
        var planes = ImageTensors.ToPlanes(image, 3);
        Assert.Equal(ImageTensors.ToBytes(rgb), planes);
    }

    [Theory]
    [InlineData(new long[] { 4, 4 })]
    [InlineData(new long[] { 2, 2, 4, 4 })]
    [InlineData(new long[] { 1, 1, 1, 4, 4 })]
    public void RejectsTensorsThatAreNotImages(long[] shape)
    {
        using var t = zeros(shape);
        var e = Assert.Throws<ArgumentException>(() => ImageGrid.Make(t));
        Assert.Matches("channels|NCHW", e.Message);
    }
}
