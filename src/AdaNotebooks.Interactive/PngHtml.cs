using System.Net;
using AdaNotebooks.Imaging;

namespace AdaNotebooks.Interactive;

/// <summary>PNG images as HTML: the image (pixelated, so small images stay crisp) with its caption; a missing file
/// shows as its name and "missing".</summary>
public static class PngHtml
{
    public static string Image(PngImage image)
    {
        var png = image.Read();
        var body = png is null
            ? $"<i>{WebUtility.HtmlEncode(Path.GetFileName(image.File ?? ""))} missing</i>"
            : Img(png, image.Caption ?? Path.GetFileName(image.File ?? "image"));
        return image.Caption is null
            ? $"<div>{body}</div>"
            : $"<figure style=\"margin:0\">{body}<figcaption>{WebUtility.HtmlEncode(image.Caption)}</figcaption>" +
              "</figure>";
    }

    /// <summary>An img element; an enlarged PNG travels at its own size and the browser enlarges it.</summary>
    public static string Img(byte[] png, string alt)
    {
        var (small, factor, width) = PngEnlargement.Undo(png);
        var size = factor > 1 ? $";width:{width}px" : "";
        return $"<img src=\"{Png.DataUri(small)}\" style=\"image-rendering:pixelated{size}\" " +
               $"alt=\"{WebUtility.HtmlEncode(alt)}\"/>";
    }

    public static string Row(PngRow row) =>
        "<div style=\"display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start\">" +
        string.Concat(row.Images.Select(Image)) + "</div>";
}
