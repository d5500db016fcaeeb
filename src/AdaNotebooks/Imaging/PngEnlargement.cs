using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace AdaNotebooks.Imaging;

/// <summary>Undoes a nearest-neighbour enlargement: a PNG whose pixels are k x k squares of one colour (k = 4 or 2,
/// as <see cref="ImageGrid"/> saves small images) is the same picture as one k times smaller shown k times larger.
/// Embedded at its own size and enlarged by the browser (CSS width, pixelated), it costs a fraction of the bytes.
/// </summary>
public static class PngEnlargement
{
    /// <summary>The smaller PNG and its factor k, or the PNG itself and 1 (no enlargement found, or a PNG with an
    /// alpha channel or palette, which is left as it is).</summary>
    public static (byte[] Png, int Factor, int Width) Undo(byte[] png)
    {
        // IHDR: width and height at bytes 16-23, colour type at 25 (0 gray, 2 RGB: no alpha, no palette).
        if (png.Length < 26 || png[25] is not (0 or 2)) return (png, 1, Width(png));
        using var image = Png.Decode(png);
        foreach (int k in new[] { 4, 2 })
        {
            if (image.Width % k != 0 || image.Height % k != 0 || !IsEnlarged(image, k)) continue;
            using var small = image.Clone(c => c.Resize(image.Width / k, image.Height / k,
                KnownResamplers.NearestNeighbor));
            return (Png.Encode(small), k, image.Width);
        }
        return (png, 1, image.Width);
    }

    static int Width(byte[] png) => png.Length < 24 ? 0 : (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19];

    static bool IsEnlarged(Image<Rgb24> image, int k)
    {
        for (int y = 0; y < image.Height; y++)
            for (int x = 0; x < image.Width; x++)
                if (!image[x, y].Equals(image[x - x % k, y - y % k])) return false;
        return true;
    }
}
