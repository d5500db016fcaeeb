using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace AdaNotebooks.Imaging;

/// <summary>PNG encoding and decoding (ImageSharp).</summary>
public static class Png
{
    public static byte[] Encode(Image image)
    {
        using var ms = new MemoryStream();
        image.Save(ms, new PngEncoder { CompressionLevel = PngCompressionLevel.BestCompression });
        return ms.ToArray();
    }

    public static Image<Rgb24> Decode(byte[] png) => Image.Load<Rgb24>(png);

    /// <summary>A data URI for embedding in HTML (notebook outputs, reports).</summary>
    public static string DataUri(byte[] png) => "data:image/png;base64," + Convert.ToBase64String(png);
}
