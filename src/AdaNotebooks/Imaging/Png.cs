using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace AdaNotebooks.Imaging;

/// <summary>PNG encoding and decoding (ImageSharp).</summary>
public static class Png
{
    /// <summary>The smallest lossless PNG ImageSharp writes: 8-bit grayscale when every pixel has R = G = B (a third
    /// of the raw bytes; Fashion-MNIST grids), RGB otherwise; best compression.</summary>
    public static byte[] Encode(Image image)
    {
        bool gray = IsGray(image);
        using var ms = new MemoryStream();
        image.Save(ms, new PngEncoder
        {
            CompressionLevel = PngCompressionLevel.BestCompression,
            ColorType = gray ? PngColorType.Grayscale : null,
            BitDepth = gray ? PngBitDepth.Bit8 : null,
        });
        return ms.ToArray();
    }

    static bool IsGray(Image image)
    {
        if (image is Image<L8>) return true;
        if (image is not Image<Rgb24> rgb) return false;
        bool gray = true;
        rgb.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height && gray; y++)
                foreach (var p in rows.GetRowSpan(y))
                    if (p.R != p.G || p.G != p.B) { gray = false; break; }
        });
        return gray;
    }

    public static Image<Rgb24> Decode(byte[] png) => Image.Load<Rgb24>(png);

    /// <summary>A data URI for embedding in HTML (notebook outputs, reports).</summary>
    public static string DataUri(byte[] png) => "data:image/png;base64," + Convert.ToBase64String(png);
}
