using System.Net;
using AdaNotebooks.Data;
using AdaNotebooks.Imaging;

namespace AdaNotebooks.Interactive;

/// <summary>A dataset renders as a grid of samples spread over it, with its summary (count, size, channels,
/// labels, class counts) beside it.</summary>
public static class DatasetHtml
{
    public static string Render(ImageDataset dataset, int samples = 64)
    {
        var png = DatasetPreview.GridPng(dataset, samples);
        var rows = string.Concat(DatasetPreview.Summary(dataset).Select(line =>
            $"<tr><th style=\"text-align:left;padding-right:1em\">{WebUtility.HtmlEncode(line.Label)}</th>" +
            $"<td style=\"text-align:left\">{WebUtility.HtmlEncode(line.Value)}</td></tr>"));
        return "<div style=\"display:flex;gap:1em;align-items:flex-start;flex-wrap:wrap\">" +
               $"<img src=\"{Png.DataUri(png)}\" style=\"image-rendering:pixelated\" " +
               $"alt=\"{WebUtility.HtmlEncode(dataset.ToString())}\"/>" +
               $"<table style=\"font-size:smaller\">{rows}</table></div>";
    }
}
