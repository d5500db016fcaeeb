using System.Text.RegularExpressions;
using AdaNotebooks.Charts;

namespace AdaNotebooks.Tests.Charts;

/// <summary>Every chart output draws on its own, offline, in a real browser: whichever outputs are missing from the
/// page (cleared, never rendered) and in whatever order they run, plotly.js is loaded once and every chart is
/// drawn.</summary>
public class ChartOutputBrowserTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ada-chart-output-");
    public void Dispose() => _dir.Delete(true);

    static readonly Chart A = new("a", Series.Of("y", [1, 2, 3]));
    static readonly Chart B = new("b", Series.Of("y", [3, 1, 2]), Series.Of("z", [1, 1, 1]));

    /// <summary>A page holding the given outputs, then a probe that records how many charts plotly drew (charts
    /// holding plotly's svg) and how often plotly.js was loaded.</summary>
    async Task<(int Drawn, int Loads)> Open(string name, params string[] outputs)
    {
        var page = Path.Combine(_dir.FullName, name + ".html");
        File.WriteAllText(page, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>" +
            string.Concat(outputs.Select(o => $"<div class=\"output\">{o}</div>")) +
            "<script>setInterval(function(){var b=document.body;" +
            "b.setAttribute('data-drawn',String([].filter.call(document.querySelectorAll('.ada-chart')," +
            "function(c){return c.querySelector('.main-svg');}).length));" +
            "b.setAttribute('data-loads',String(window.__adaPlotlyLoads||0));},50);</script></body></html>");
        var dom = await Chromium.DumpDom(page, Path.Combine(_dir.FullName, "profile-" + name));
        int Read(string attribute) => int.Parse(Regex.Match(dom, $"{attribute}=\"(\\d+)\"").Groups[1].Value);
        return (Read("data-drawn"), Read("data-loads"));
    }

    [Fact]
    public async Task AnOutputDrawsWhenTheOutputsBeforeItAreGone()
    {
        // The first chart's output was cleared: only the second is on the page.
        var (drawn, loads) = await Open("second-only", ChartOutput.Html(B));
        Assert.Equal(1, drawn);
        Assert.Equal(1, loads);
    }

    [Fact]
    public async Task ManyOutputsLoadPlotlyOnceAndAllDraw()
    {
        var (drawn, loads) = await Open("three", ChartOutput.Html(A), ChartOutput.Html(B), ChartOutput.Html(A, B));
        Assert.Equal(4, drawn);
        Assert.Equal(1, loads);
    }

    [Fact]
    public async Task AChartWithoutItsOwnPlotlyStaysAnSvg()
    {
        // What a later output of the old formatter held (plotly.js sent only with the first chart of a session):
        // once the first output is gone, nothing draws it. The probe can tell.
        var (drawn, loads) = await Open("fragment-only", ChartHtml.Fragment(B));
        Assert.Equal(0, drawn);
        Assert.Equal(0, loads);
    }
}
