using System.Globalization;
using System.Net;
using System.Text;
using AdaNotebooks.Charts;
using AdaNotebooks.Imaging;
using AdaNotebooks.Training;

namespace AdaNotebooks.Interactive;

/// <summary>A run as one output, as far as it has got: the latest tick's numbers, G_ema's latest samples and every
/// chart of its report (p and r_t, losses, metrics, D's outputs, throughput); report.html in the run folder holds the
/// same.</summary>
public static class RunHtml
{
    public static string Render(RunRecorder run) => Render(run.Title, run.Directory, run.Events);

    /// <summary>A run titled <paramref name="name"/>, recorded in <paramref name="directory"/>, as far as
    /// <paramref name="events"/> go.</summary>
    public static string Render(string name, string directory, IReadOnlyList<TrainingProgress> events)
    {
        var title = $"<b>{WebUtility.HtmlEncode(name)}</b> " +
                    $"(<code>{WebUtility.HtmlEncode(Path.Combine(directory, "report.html"))}</code>)";
        if (events.Count == 0) return $"<div>{title}: no tick yet</div>";
        var e = events[^1];
        var rows = new List<(string, string)>
        {
            ("kimg", F($"{e.Kimg:0.###} of {e.TotalKimg:0.###}")), ("p", F($"{e.P:0.###}")),
            (e.HeuristicName, F($"{e.Heuristic:0.###}")), ("images / s", F($"{e.ImagesPerSecond:0}")),
        };
        rows.AddRange(e.Metrics.Select(m => (m.Key, F($"{m.Value:0.####}"))));
        var sb = new StringBuilder($"<div><div>{title}</div>");
        sb.Append("<div style=\"display:flex;gap:1em;align-items:flex-start;flex-wrap:wrap\">");
        sb.Append(GeneratorHtml.Table(rows, $"tick {e.Tick}"));
        if (events.LastOrDefault(x => x.SampleGrid is not null) is { } withSamples)
            sb.Append(PngHtml.Image(PngImage.Of(withSamples.SampleGrid!,
                $"G_ema at {withSamples.Kimg:0.###} kimg (fixed seeds)")));
        sb.Append("</div>").Append(ChartOutput.Html(RunReport.Charts(events)));
        return sb.Append("</div>").ToString();
    }

    static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
