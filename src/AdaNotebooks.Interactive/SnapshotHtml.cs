using AdaNotebooks.Imaging;
using AdaNotebooks.Networks;
using AdaNotebooks.Training;

namespace AdaNotebooks.Interactive;

/// <summary>A snapshot renders as its summary (configuration, parameter counts, kimg, p) beside G_ema's samples
/// from fixed seeds.</summary>
public static class SnapshotHtml
{
    public static string Render(Snapshot s)
    {
        var png = NetworkPreview.SamplesPng(s.GEma);
        return "<div style=\"display:flex;gap:1em;align-items:flex-start\">" +
               GeneratorHtml.Table(NetworkPreview.Summary(s), "Snapshot") +
               $"<img src=\"{Png.DataUri(png)}\" style=\"image-rendering:pixelated\" alt=\"G_ema samples from seeds " +
               "0-15\"/></div>";
    }
}
