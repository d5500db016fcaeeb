using System.Net;
using AdaNotebooks.Imaging;
using AdaNotebooks.Networks;
using Generator = AdaNotebooks.Networks.Generator;

namespace AdaNotebooks.Interactive;

/// <summary>A generator renders as a grid of samples from fixed seeds (0..15, const noise) and a short
/// summary.</summary>
public static class GeneratorHtml
{
    public static string Render(Generator g)
    {
        var png = NetworkPreview.SamplesPng(g);
        return "<div>" + $"<img src=\"{Png.DataUri(png)}\" style=\"image-rendering:pixelated\" alt=\"samples from " +
                         "seeds 0-15\"/>" +
               Table(NetworkPreview.Summary(g), "Generator: seeds 0-15, const noise") + "</div>";
    }

    internal static string Table(IEnumerable<(string Label, string Value)> rows, string caption)
        => "<table style=\"font-size:smaller\"><caption " +
           $"style=\"text-align:left\">{WebUtility.HtmlEncode(caption)}</caption>" +
           string.Concat(rows.Select(r =>
               $"<tr><th style=\"text-align:left\">{WebUtility.HtmlEncode(r.Label)}</th><td " +
               $"style=\"text-align:left\">{WebUtility.HtmlEncode(r.Value)}</td></tr>")) +
           "</table>";
}
