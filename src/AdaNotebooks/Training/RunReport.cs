using System.Net;
using System.Text;
using AdaNotebooks.Charts;
using AdaNotebooks.Imaging;

namespace AdaNotebooks.Training;

/// <summary>The charts of a run, from its progress events: p and the overfitting heuristic, losses, metrics,
/// throughput, and the D-output histograms of the paper's Figure 1. Used by the notebooks (live) and by
/// report.html, a single self-contained page (plotly.js and the sample grid inlined) that opens offline.</summary>
public static class RunReport
{
    public static IReadOnlyList<Chart> Charts(IReadOnlyList<TrainingProgress> events)
    {
        var charts = new List<Chart>();
        if (events.Count == 0) return charts;
        var kimg = events.Select(e => e.Kimg).ToArray();
        var name = events[^1].HeuristicName;
        charts.Add(new Chart($"augmentation probability p and {name}",
            new Series("p", kimg, events.Select(e => e.P).ToArray()),
            new Series(name, kimg, events.Select(e => e.Heuristic ?? double.NaN).ToArray())) { XLabel = "kimg" });
        var lossNames = events.SelectMany(e => e.Losses.Keys).Where(k => k != "nonfinite_steps").Distinct().ToList();
        charts.Add(new Chart("losses",
            lossNames.Select(l => new Series(l, kimg, events.Select(e => e.Losses.GetValueOrDefault(l, double.NaN))
                .ToArray())).ToArray()) { XLabel = "kimg" });
        var metricNames = events.SelectMany(e => e.Metrics.Keys).Distinct().ToList();
        if (metricNames.Count > 0)
        {
            var withMetrics = events.Where(e => e.Metrics.Count > 0).ToList();
            charts.Add(new Chart("metrics", metricNames.Select(m => new Series(m, withMetrics.Select(e => e.Kimg)
                .ToArray(),
                withMetrics.Select(e => e.Metrics.GetValueOrDefault(m, double.NaN)).ToArray(), SeriesKind.Line))
                    .ToArray()) { XLabel = "kimg" });
        }
        var d = events.Where(e => e.DOutputs is not null).ToList();
        if (d.Count > 0)
        {
            charts.Add(new Chart("mean D output (raw logits)",
                new Series("training reals", d.Select(e => e.Kimg).ToArray(), d.Select(e => Mean(e.DOutputs!.Train))
                    .ToArray()),
                new Series("validation reals", d.Select(e => e.Kimg).ToArray(),
                    d.Select(e => Mean(e.DOutputs!.Validation)).ToArray()),
                new Series("generated", d.Select(e => e.Kimg).ToArray(), d.Select(e => Mean(e.DOutputs!.Generated))
                    .ToArray())) { XLabel = "kimg" });
            charts.Add(Histogram(d[^1]));
        }
        charts.Add(new Chart("throughput", new Series("images / s", kimg, events.Select(e => e.ImagesPerSecond)
            .ToArray())) { XLabel = "kimg" });
        return charts;
    }

    /// <summary>The overfitting picture (paper, Figure 1): histograms of D's outputs on training reals, validation
    /// reals and generated images. Overfitting shows as the validation histogram moving towards the generated
    /// one.</summary>
    public static Chart Histogram(TrainingProgress e)
    {
        var sets = new Dictionary<string, double[]> { ["training reals"] = e.DOutputs!.Train };
        if (e.DOutputs.Validation.Length > 0) sets["validation reals"] = e.DOutputs.Validation;
        sets["generated"] = e.DOutputs.Generated;
        return Chart.Histogram($"D outputs at {e.Kimg:0.#} kimg", sets, bins: 30, xLabel: "raw logit");
    }

    static double Mean(double[] v) => v.Length == 0 ? double.NaN : v.Average();

    /// <summary>Writes report.html into the run folder.</summary>
    public static string Write(string directory, string title, IReadOnlyList<TrainingProgress> events,
        RunConfig? config = null)
    {
        var extra = new StringBuilder();
        extra.Append($"<p class=\"ada-run-summary\">{WebUtility.HtmlEncode(RunSummary.Describe(events, config))}</p>");
        var last = events.LastOrDefault(e => e.SampleGrid is not null);
        if (last is not null)
            extra.Append($"<h2>Samples at {last.Kimg:0.#} kimg (G_ema, fixed seeds)</h2><img " +
                         $"src=\"{Png.DataUri(last.SampleGrid!)}\" style=\"image-rendering:pixelated\"/>");
        if (events.Count > 0)
        {
            var e = events[^1];
            extra.Append(
                $"<h2>Summary</h2><table><tr><td>kimg</td><td>{e.Kimg:0.###}</td></tr>" +
                $"<tr><td>p</td><td>{e.P:0.###}</td></tr>");
            extra.Append($"<tr><td>{e.HeuristicName}</td><td>{e.Heuristic:0.###}</td></tr><tr><td>images / " +
                         $"s</td><td>{e.ImagesPerSecond:0}</td></tr>");
            foreach (var (k, v) in e.Metrics)
                extra.Append($"<tr><td>{WebUtility.HtmlEncode(k)}</td><td>{v:0.####}</td></tr>");
            extra.Append("</table>");
        }
        if (config is not null)
        {
            extra.Append($"<h2>Configuration</h2><p>{WebUtility.HtmlEncode(config.Schedule.Describe())}</p>");
            extra.Append(
                "<pre>" +
                WebUtility.HtmlEncode(System.Text.Json.JsonSerializer.Serialize(config, TrainingState.Json)) +
                "</pre>");
        }
        // Marks the page once loaded: how many charts plotly drew and whether every image decoded (checked by the
        // tests).
        extra.Append("<script>window.addEventListener('load',function(){var " +
                     "ok=Array.prototype.every.call(document.images,function(i){return " +
                     "i.complete&&i.naturalWidth>0;});" +
                     "document.body.setAttribute('data-images-loaded',ok?'yes':'no');" +
                     "document.body.setAttribute('data-charts-drawn',String(" +
                     "document.querySelectorAll('.ada-chart .main-svg').length>0?" +
                     "document.querySelectorAll('.ada-chart').length:0));});</script>");
        var path = Path.Combine(directory, "report.html");
        var temp = path + ".tmp";
        File.WriteAllText(temp, ChartHtml.Document(title, Charts(events), extra.ToString()));
        File.Move(temp, path, overwrite: true);
        return path;
    }
}
