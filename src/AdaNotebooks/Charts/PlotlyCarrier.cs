namespace AdaNotebooks.Charts;

/// <summary>The script that carries plotly.js in a chart output (<see cref="ChartOutput"/>) and the one that finds it,
/// and how a committed notebook leaves the first out. Dependency-free: the notebook tests compile this file too.
/// </summary>
public static class PlotlyCarrier
{
    /// <summary>How the carrier script begins (its body: ChartOutput's CarrierScript).</summary>
    public const string Start = "<script type=\"text/javascript\">(function(){var w=window;function flush(){";

    /// <summary>Draws the charts queued for plotly.js if it is already on the page; loads nothing.</summary>
    public const string FinderScript = "<script type=\"text/javascript\">(function(){var w=window;" +
        "if(!w.Plotly)return;var q=w.__adaCharts||[];w.__adaCharts={push:function(f){f();}};" +
        "if(q.forEach)q.forEach(function(f){f();});})();</script>";

    /// <summary><paramref name="html"/> with the plotly.js it carries (if any) replaced by the finder script: what a
    /// committed notebook keeps. Its charts show their SVG until a live kernel's first chart output brings plotly.js
    /// to the page, which then draws them all.</summary>
    public static string Strip(string html)
    {
        int start = html.IndexOf(Start, StringComparison.Ordinal);
        if (start < 0) return html;
        int end = html.IndexOf("</script>", start, StringComparison.Ordinal);
        if (end < 0) throw new ArgumentException("a chart output whose plotly.js script never ends", nameof(html));
        return string.Concat(html.AsSpan(0, start), FinderScript, html.AsSpan(end + "</script>".Length));
    }
}
