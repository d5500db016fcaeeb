using System.Net;
using System.Text;
using AdaNotebooks.Augmentation;
using AdaNotebooks.Imaging;
using static TorchSharp.torch;

namespace AdaNotebooks.Interactive;

/// <summary>Augmentation galleries (rows = ops or presets, columns = percentiles or p) and pipeline
/// summaries.</summary>
public static class AugmentHtml
{
    public static string Gallery(AugmentGallery gallery)
    {
        var sb = new StringBuilder($"<div><b>{WebUtility.HtmlEncode(gallery.Title)}</b><table " +
                                   "style=\"border-collapse:collapse\"><tr><th></th>");
        foreach (var c in gallery.Columns)
            sb.Append($"<th style=\"font-weight:normal;font-size:smaller\">{WebUtility.HtmlEncode(c)}</th>");
        sb.Append("</tr>");
        foreach (var row in gallery.Rows)
        {
            sb.Append(
                "<tr><td style=\"text-align:right;padding-right:8px\">" +
                $"<code>{WebUtility.HtmlEncode(row.Label)}</code></td>");
            using var scope = NewDisposeScope();
            long h = row.Images.shape[2];
            int scale = h <= 16 ? 4 : h <= 48 ? 2 : 1;
            for (long k = 0; k < row.Images.shape[0]; k++)
                sb.Append("<td style=\"padding:2px\"><img " +
                          $"src=\"{Png.DataUri(ImageGrid.Png(row.Images[k], padding: 0, scale: scale))}\" " +
                          "style=\"image-rendering:pixelated\"/></td>");
            sb.Append("</tr>");
        }
        return sb.Append("</table></div>").ToString();
    }

    public static string Pipe(AugmentPipe pipe)
    {
        var ops = string.Join(", ", pipe.Spec.EnabledOps.Select(o => $"{o}×{pipe.Spec.Multiplier(o):0.##}"));
        return $"<div><b>AugmentPipe</b> p = {pipe.P:0.###}; ops: " +
               $"<code>{WebUtility.HtmlEncode(ops.Length == 0 ? "none" : ops)}</code>. " +
               "Show what it does with <code>AugmentGallery.OpsByPercentile(pipe.Spec, image)</code>.</div>";
    }
}
