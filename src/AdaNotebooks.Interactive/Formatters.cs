using AdaNotebooks.Augmentation;
using AdaNotebooks.Charts;
using AdaNotebooks.Course;
using AdaNotebooks.Experiments;
using AdaNotebooks.Imaging;
using AdaNotebooks.Training;
using Microsoft.DotNet.Interactive.Formatting;
using TorchSharp;

namespace AdaNotebooks.Interactive;

/// <summary>The formatters the extension registers: what a cell shows when it returns or displays one of these.
/// Every output stands on its own (images inline, charts with their own plotly.js), so outputs can be cleared, moved
/// or exported in any order.</summary>
public static class Formatters
{
    public static void Register()
    {
        Html<torch.Tensor>(TensorHtml.Render);
        Html<Chart>(chart => ChartOutput.Html(chart));
        Html<IEnumerable<Chart>>(ChartOutput.Html);
        Html<AugmentGallery>(AugmentHtml.Gallery);
        Html<AugmentPipe>(AugmentHtml.Pipe);
        Html<PSlider>(slider => slider.ToHtml());
        Html<ChartSlider>(slider => slider.ToHtml());
        Html<Data.ImageDataset>(dataset => DatasetHtml.Render(dataset));
        Html<Networks.Generator>(GeneratorHtml.Render);
        Html<Snapshot>(SnapshotHtml.Render);
        Html<PngImage>(PngHtml.Image);
        Html<PngRow>(PngHtml.Row);
        Html<ResultTable>(TableHtml.Render);
        Html<LeakReport>(StudyHtml.Leak);
        Html<LeakToyReport>(StudyHtml.LeakToy);
        Html<LimitedDataReport>(StudyHtml.LimitedData);
        Html<RunRecorder>(RunHtml.Render);
        // The mode is a line of text: "mode: interactive".
        Formatter.Register<CourseMode>((mode, writer) => writer.Write(mode.ToString()), PlainTextFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(CourseMode), PlainTextFormatter.MimeType);
    }

    static void Html<T>(Func<T, string> render) =>
        Formatter.Register<T>((value, writer) => writer.Write(render(value)), HtmlFormatter.MimeType);
}
