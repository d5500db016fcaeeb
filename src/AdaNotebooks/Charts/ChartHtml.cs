using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace AdaNotebooks.Charts;

/// <summary>Interactive charts with plotly.js, which ships inside this library (no CDN, no internet).
/// A chart fragment holds the static SVG and a script that replaces it with the interactive plotly chart
/// once plotly.js is present on the page.</summary>
public static class ChartHtml
{
    static readonly Lazy<string> PlotlySource = new(() =>
    {
        using var stream = typeof(ChartHtml)
            .Assembly.GetManifestResourceStream("AdaNotebooks.Charts.plotly-basic.min.js")
            ?? throw new InvalidOperationException("the embedded plotly.js bundle is missing from AdaNotebooks.dll");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>The embedded plotly.js bundle (basic, minified).</summary>
    internal static string PlotlyJs => PlotlySource.Value;

    /// <summary>The plotly.js bundle as a script element that also draws every chart queued before it loaded.</summary>
    public static string LibraryScript() =>
        "<script type=\"text/javascript\">" + PlotlySource.Value.Replace("</script", "<\\/script") +
        "\n;(function(){var " +
        "q=window.__adaCharts||[];window.__adaCharts={push:function(f){f();}};" +
        "q.forEach(function(f){f();});})();</script>";

    /// <summary>An HTML fragment for one chart: SVG first, plotly when available.</summary>
    public static string Fragment(Chart chart)
    {
        chart = ChartPoints.ForDrawing(chart);
        var id = "ada-chart-" + Guid.NewGuid().ToString("N");
        var sb = new StringBuilder();
        sb.Append($"<div class=\"ada-chart\" id=\"{id}\" style=\"width:100%;max-width:720px;height:380px\">");
        sb.Append(ChartSvg.Render(chart));
        sb.Append("</div><script type=\"text/javascript\">(function(){var spec=");
        sb.Append(PlotlySpec(chart).Replace("</", "<\\/"));
        sb.Append(";function draw(){var el=document.getElementById('").Append(id)
            .Append("');if(!el||!window.Plotly)return;el.innerHTML='';");
        sb.Append("window.Plotly.newPlot(el,spec.data,spec.layout,{responsive:true,displaylogo:false});}");
        sb.Append(
            "if(window.Plotly){draw();}else{(window.__adaCharts=window.__adaCharts||[]).push(draw);}})();</script>");
        return sb.ToString();
    }

    /// <summary>A complete HTML page holding the given charts and extra HTML, with plotly.js inlined:
    /// it opens offline.</summary>
    public static string Document(string title, IEnumerable<Chart> charts, string extraHtml = "")
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").Append(WebUtility.HtmlEncode(title))
            .Append("</title></head>");
        sb.Append("<body style=\"font-family:sans-serif;margin:24px\">");
        sb.Append("<h1>").Append(WebUtility.HtmlEncode(title)).Append("</h1>");
        foreach (var c in charts) sb.Append(Fragment(c));
        sb.Append(extraHtml);
        sb.Append(LibraryScript());
        sb.Append("</body></html>");
        return sb.ToString();
    }

    /// <summary>The plotly figure (data + layout) as JSON.</summary>
    public static string PlotlySpec(Chart chart)
    {
        var data = chart.Series.SelectMany((s, k) => BandTraces(s, k).Append(new Dictionary<string, object?>
        {
            ["name"] = s.Name,
            ["x"] = s.X.Select(Finite).ToArray(),
            ["y"] = s.Y.Select(Finite).ToArray(),
            ["type"] = s.Kind == SeriesKind.Bars ? "bar" : "scatter",
            ["mode"] = s.Kind == SeriesKind.Markers ? "markers" : s.Kind == SeriesKind.Bars ? null : "lines",
            ["marker"] = new { color = ChartSvg.Palette[k % ChartSvg.Palette.Length] },
            ["line"] = s.Kind == SeriesKind.Dashed ? new { dash = "dash" } : null,
            ["opacity"] = s.Kind == SeriesKind.Bars ? 0.75 : 1.0,
        }.Where(kv => kv.Value is not null).ToDictionary())).ToArray();
        var layout = new
        {
            title = new { text = chart.Title, x = 0.0, xanchor = "left" },
            xaxis = new { title = new { text = chart.XLabel } },
            yaxis = new { title = new { text = chart.YLabel }, type = chart.LogY ? "log" : "linear" },
            barmode = "group",
            // plotly lists the legend bottom-up once a trace fills 'tonexty' (a band); keep the series' order.
            legend = new { traceorder = "normal" },
            margin = new { l = 60, r = 20, t = 40, b = 44 },
        };
        return JsonSerializer.Serialize(new { data, layout });
    }

    /// <summary>A band as two edge traces without legend entries, drawn before the series' own trace: the lower edge,
    /// then the upper edge filled down to it ('tonexty' fills to the trace just before).</summary>
    static IEnumerable<Dictionary<string, object?>> BandTraces(Series s, int k)
    {
        if (!s.HasBand) yield break;
        var x = s.X.Select(Finite).ToArray();
        var fill = Translucent(ChartSvg.Palette[k % ChartSvg.Palette.Length], 0.2);
        foreach (var (edge, fillMode) in new[] { (s.Low!, "none"), (s.High!, "tonexty") })
            yield return new Dictionary<string, object?>
            {
                ["name"] = s.Name + (fillMode == "none" ? " (band, low)" : " (band, high)"),
                ["x"] = x,
                ["y"] = edge.Select(Finite).ToArray(),
                ["type"] = "scatter",
                ["mode"] = "lines",
                ["line"] = new { width = 0 },
                ["fill"] = fillMode,
                ["fillcolor"] = fill,
                ["showlegend"] = false,
                ["hoverinfo"] = "skip",
            };
    }

    /// <summary>"#rrggbb" as a CSS rgba() colour with the given opacity.</summary>
    static string Translucent(string hex, double alpha)
    {
        int Channel(int at) => Convert.ToInt32(hex.Substring(at, 2), 16);
        return FormattableString.Invariant($"rgba({Channel(1)},{Channel(3)},{Channel(5)},{alpha})");
    }

    /// <summary>A value as plotly gets it: six significant digits (what its hover labels can show; a full double
    /// would triple a chart's size), null where it is not finite (a gap).</summary>
    static double? Finite(double v) => double.IsFinite(v)
        ? double.Parse(v.ToString("G6", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
        : null;
}
