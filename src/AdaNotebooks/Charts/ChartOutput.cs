using System.IO.Compression;
using System.Text;

namespace AdaNotebooks.Charts;

/// <summary>Charts as one notebook output: each chart's SVG, then a script that draws the interactive charts once
/// plotly.js is on the page. The first chart output of a process (a notebook's kernel) carries plotly.js
/// (gzip-compressed and base64-encoded, about 530 KB; the browser decompresses it); later outputs find it there, so a
/// live notebook holds one copy however many charts it has; a committed notebook holds none
/// (<see cref="PlotlyCarrier.Strip"/>). A chart whose page has no plotly.js (a committed notebook before any cell
/// runs, its carrier cleared, a viewer that runs no scripts) stays the SVG it already shows: no chart is ever blank.
/// Loading is idempotent (once per page, whichever output runs first; charts that render before it wait) and offline
/// (nothing is fetched).
/// </summary>
public static class ChartOutput
{
    static readonly Lazy<string> CompressedPlotly = new(() => Convert.ToBase64String(Gzip(ChartHtml.PlotlyJs)));
    static int _plotlySent; // 1 once an output of this process carried plotly.js

    /// <summary>The HTML of one output holding <paramref name="charts"/>, carrying plotly.js if it is the process's
    /// first chart output.</summary>
    public static string Html(params Chart[] charts) => Html((IEnumerable<Chart>)charts);

    public static string Html(IEnumerable<Chart> charts) =>
        Html(charts, carryPlotly: Interlocked.Exchange(ref _plotlySent, 1) == 0);

    public static string Html(IEnumerable<Chart> charts, bool carryPlotly)
    {
        var sb = new StringBuilder();
        foreach (var chart in charts) sb.Append(ChartHtml.Fragment(chart));
        return sb.Append(LoaderScript(carryPlotly)).ToString();
    }

    /// <summary>Makes the next chart output carry plotly.js again (a test's fresh start).</summary>
    internal static void ForgetPlotlySent() => Interlocked.Exchange(ref _plotlySent, 0);

    /// <summary>Draws every chart queued for plotly.js once it is present; with <paramref name="carryPlotly"/>, first
    /// makes it present (once per page). Counts its loads in window.__adaPlotlyLoads (read by the tests).</summary>
    public static string LoaderScript(bool carryPlotly = true) =>
        carryPlotly ? CarrierScript() : PlotlyCarrier.FinderScript;

    static string CarrierScript() =>
        PlotlyCarrier.Start + "var q=w.__adaCharts||[];w.__adaCharts={push:function(f){f();}};" +
        "if(q.forEach)q.forEach(function(f){f();});}" +
        "if(w.Plotly){flush();return;}" +
        "if(w.__adaPlotlyLoading||typeof DecompressionStream==='undefined')return;" +
        "w.__adaPlotlyLoading=true;" +
        $"var b=atob('{CompressedPlotly.Value}');" +
        "var u=new Uint8Array(b.length);for(var i=0;i<b.length;i++)u[i]=b.charCodeAt(i);" +
        "new Response(new Blob([u]).stream().pipeThrough(new DecompressionStream('gzip'))).text()" +
        ".then(function(src){var s=document.createElement('script');s.text=src;document.head.appendChild(s);" +
        "w.__adaPlotlyLoads=(w.__adaPlotlyLoads||0)+1;w.__adaPlotlyLoading=false;if(w.Plotly)flush();})" +
        ".catch(function(){w.__adaPlotlyLoading=false;});})();</script>";

    static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize))
            gzip.Write(Encoding.UTF8.GetBytes(text));
        return output.ToArray();
    }
}
