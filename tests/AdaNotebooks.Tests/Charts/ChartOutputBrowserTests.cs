using System.Text.RegularExpressions;
using AdaNotebooks.Charts;

namespace AdaNotebooks.Tests.Charts;

/// <summary>Chart outputs in a real browser, offline: the carrier (the first chart output of a kernel) loads plotly.js
/// once and every chart on the page is drawn, in whatever order the outputs run; where the carrier is gone, the
/// other charts stay the SVG they show (never blank).</summary>
public class ChartOutputBrowserTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ada-chart-output-");
    public void Dispose() => _dir.Delete(true);

    static readonly Chart A = new("a", Series.Of("y", [1, 2, 3]));
    static readonly Chart B = new("b", Series.Of("y", [3, 1, 2]), Series.Of("z", [1, 1, 1]));

    static string Carrier(params Chart[] charts) => ChartOutput.Html(charts, carryPlotly: true);
    static string Later(params Chart[] charts) => ChartOutput.Html(charts, carryPlotly: false);

    /// <summary>A page holding the given outputs, then a probe that records how many charts plotly drew (charts
    /// holding plotly's svg), how many still show their static SVG and how often plotly.js was loaded.</summary>
    async Task<(int Drawn, int Svg, int Loads)> Open(string name, params string[] outputs)
    {
        var page = Path.Combine(_dir.FullName, name + ".html");
        File.WriteAllText(page, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>" +
            string.Concat(outputs.Select(o => $"<div class=\"output\">{o}</div>")) +
            "<script>setInterval(function(){var b=document.body;" +
            "b.setAttribute('data-drawn',String([].filter.call(document.querySelectorAll('.ada-chart')," +
            "function(c){return c.querySelector('.main-svg');}).length));" +
            "b.setAttribute('data-svg',String(document.querySelectorAll('.ada-chart .ada-chart-svg').length));" +
            "b.setAttribute('data-loads',String(window.__adaPlotlyLoads||0));},50);</script></body></html>");
        var dom = await Chromium.DumpDom(page, Path.Combine(_dir.FullName, "profile-" + name));
        int Read(string attribute) => int.Parse(Regex.Match(dom, $"{attribute}=\"(\\d+)\"").Groups[1].Value);
        return (Read("data-drawn"), Read("data-svg"), Read("data-loads"));
    }

    [Fact]
    public async Task LaterOutputsDrawWithTheCarriersPlotlyInEitherOrder()
    {
        var (drawn, _, loads) = await Open("carrier-first", Carrier(A), Later(B), Later(A, B));
        Assert.Equal((4, 1), (drawn, loads));
        // The later outputs run before the carrier (rendered out of order): they wait for it.
        (drawn, _, loads) = await Open("carrier-last", Later(B), Later(A, B), Carrier(A));
        Assert.Equal((4, 1), (drawn, loads));
    }

    [Fact]
    public async Task WithoutTheCarrierEveryChartStaysItsSvg()
    {
        // The carrier's output was cleared: the later charts are not blank, they show their static SVG.
        var (drawn, svg, loads) = await Open("later-only", Later(B), Later(A, B));
        Assert.Equal((0, 3, 0), (drawn, svg, loads));
    }

    [Fact]
    public async Task ACommittedNotebooksChartsShowTheirSvgUntilALiveCarrierDrawsThemAll()
    {
        // Committed outputs: the carrier's plotly.js left out (PlotlyCarrier.Strip), the rest as it was.
        string carrier = Carrier(A), later = Later(B);
        string committedCarrier = PlotlyCarrier.Strip(carrier), committedLater = PlotlyCarrier.Strip(later);
        Assert.Equal(later, committedLater);
        Assert.DoesNotContain("atob(", committedCarrier);
        Assert.True(committedCarrier.Length < carrier.Length / 10);
        var (drawn, svg, loads) = await Open("committed", committedCarrier, committedLater);
        Assert.Equal((0, 2, 0), (drawn, svg, loads));
        // A cell run live: its output carries plotly.js, and the committed charts above it are drawn too.
        (drawn, _, loads) = await Open("committed-then-live", committedCarrier, committedLater, Carrier(A));
        Assert.Equal((3, 1), (drawn, loads));
    }

    [Fact]
    public async Task TwoCarriersLoadPlotlyOnce()
    {
        var (drawn, _, loads) = await Open("two-carriers", Carrier(A), Carrier(B));
        Assert.Equal((2, 1), (drawn, loads));
    }
}
