using System.IO.Compression;
using System.Text;

namespace AdaNotebooks.Charts;

/// <summary>Charts as one notebook output that stands on its own: each chart's SVG, then a script that makes plotly.js
/// present on the page if it is not yet (the embedded bundle travels in the output gzip-compressed and base64-encoded;
/// the browser decompresses it), then draws the interactive charts. No output relies on another: clearing any output,
/// or opening a notebook whose other outputs never rendered, leaves every chart working. Loading is idempotent (the
/// first output to run loads plotly.js once per page, the others wait for it) and offline (nothing is fetched).
/// Where scripts do not run, or the browser cannot decompress, the SVG stays.</summary>
public static class ChartOutput
{
    static readonly Lazy<string> CompressedPlotly = new(() => Convert.ToBase64String(Gzip(ChartHtml.PlotlyJs)));

    /// <summary>The HTML of one output holding <paramref name="charts"/>.</summary>
    public static string Html(params Chart[] charts) => Html((IEnumerable<Chart>)charts);

    public static string Html(IEnumerable<Chart> charts)
    {
        var sb = new StringBuilder();
        foreach (var chart in charts) sb.Append(ChartHtml.Fragment(chart));
        return sb.Append(LoaderScript()).ToString();
    }

    /// <summary>Makes plotly.js present on the page (once per page, whichever output runs first) and then draws every
    /// chart queued for it. Counts its loads in window.__adaPlotlyLoads (read by the tests).</summary>
    public static string LoaderScript() =>
        "<script type=\"text/javascript\">(function(){var w=window;" +
        "function flush(){var q=w.__adaCharts||[];w.__adaCharts={push:function(f){f();}};" +
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
