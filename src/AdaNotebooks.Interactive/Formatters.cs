using AdaNotebooks.Augmentation;
using AdaNotebooks.Charts;
using Microsoft.DotNet.Interactive.Formatting;
using TorchSharp;

namespace AdaNotebooks.Interactive;

/// <summary>The HTML formatters the extension registers.</summary>
public static class Formatters
{
    static bool _plotlySent;
    static readonly object Gate = new();

    public static void Register()
    {
        Formatter.Register<torch.Tensor>((tensor, writer) => writer.Write(TensorHtml.Render(tensor)), "text/html");
        Formatter.Register<Chart>((chart, writer) => writer.Write(ChartFragment(chart)), "text/html");
        Formatter.Register<AugmentGallery>((gallery, writer) => writer.Write(AugmentHtml.Gallery(gallery)),
            "text/html");
        Formatter.Register<AugmentPipe>((pipe, writer) => writer.Write(AugmentHtml.Pipe(pipe)), "text/html");
        Formatter.Register<AdaNotebooks.Data.ImageDataset>((dataset, writer) =>
            writer.Write(DatasetHtml.Render(dataset)), "text/html");
        Formatter.Register<Networks.Generator>((g, writer) => writer.Write(GeneratorHtml.Render(g)), "text/html");
        Formatter.Register<Training.Snapshot>((s, writer) => writer.Write(SnapshotHtml.Render(s)), "text/html");
    }

    /// <summary>A chart for a notebook output. plotly.js (embedded, no internet) is sent with the first chart
    /// of a kernel session; charts after it reuse it. Every chart also carries its SVG, shown until (or
    /// instead of, where scripts do not run) the interactive version.</summary>
    public static string ChartFragment(Chart chart)
    {
        lock (Gate)
        {
            var library = _plotlySent ? "" : ChartHtml.LibraryScript();
            _plotlySent = true;
            return ChartHtml.Fragment(chart) + library;
        }
    }
}
