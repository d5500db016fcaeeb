using AdaNotebooks.Charts;

namespace AdaNotebooks.Tests.Charts;

public class ChartTests
{
    static readonly Chart Sample = new("Losses", Series.Of("loss/G", [1, 0.8, 0.7]),
        Series.Of("loss/D", [1.4, 1.3, 1.35])) { XLabel = "tick", YLabel = "loss" };

    [Fact]
    public void SvgHasEverySeriesAndTheTitle()
    {
        var svg = ChartSvg.Render(Sample);
        Assert.StartsWith("<svg", svg);
        Assert.Contains("Losses", svg);
        Assert.Contains("loss/G", svg);
        Assert.Contains("loss/D", svg);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(svg, "<polyline").Count);
        Assert.EndsWith("</svg>", svg);
    }

    [Theory]
    [InlineData(0, 1, new[] { 0, 0.2, 0.4, 0.6, 0.8, 1 })]
    [InlineData(0, 10, new double[] { 0, 2, 4, 6, 8, 10 })]
    [InlineData(-1, 1, new[] { -1, -0.5, 0, 0.5, 1 })]
    public void TicksAreRoundNumbers(double lo, double hi, double[] expected)
    {
        var ticks = ChartSvg.Ticks(lo, hi);
        Assert.Equal(expected.Length, ticks.Count);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], ticks[i], 9);
    }

    [Fact]
    public void DocumentEmbedsPlotlyAndLoadsNothingFromTheNetwork()
    {
        var html = ChartHtml.Document("report", [Sample]);
        Assert.Contains("plotly.js (basic - minified)", html);
        Assert.Contains("Plotly.newPlot", html);
        Assert.DoesNotMatch("<script[^>]+src=", html);
        Assert.True(html.IndexOf("ada-chart-svg", StringComparison.Ordinal) < html.IndexOf("plotly.js (basic",
            StringComparison.Ordinal));
    }

    [Fact]
    public void PlotlySpecCarriesTheData()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(ChartHtml.PlotlySpec(Sample));
        var data = doc.RootElement.GetProperty("data");
        Assert.Equal(2, data.GetArrayLength());
        Assert.Equal("loss/G", data[0].GetProperty("name").GetString());
        Assert.Equal(0.8, data[0].GetProperty("y")[1].GetDouble());
        Assert.Equal("lines", data[0].GetProperty("mode").GetString());
    }

    [Fact]
    public void HistogramFractionsSumToOnePerSet()
    {
        var chart = Chart.Histogram("D outputs", new Dictionary<string, double[]>
        {
            ["train"] = [0.1, 0.2, 0.3, 2.0],
            ["generated"] = [-1, -0.5, 0.0],
        }, bins: 7);
        Assert.All(chart.Series, s => Assert.Equal(1.0, s.Y.Sum(), 9));
        Assert.All(chart.Series, s => Assert.Equal(SeriesKind.Bars, s.Kind));
        Assert.Equal(-1, chart.Series[0].X[0] - 3.0 / 7 / 2, 9);
    }

    [Fact]
    public void ALogAxisSpansWholeDecadesAndSkipsValuesThatAreNotPositive()
    {
        Assert.Equal([1000.0, 10000, 100000], ChartSvg.LogTicks(3, 5));
        Assert.Equal([10.0, 20, 50, 100], ChartSvg.LogTicks(1, 2));
        var chart = new Chart("speed", new Series("img/s", [0, 0.5, 1], [0, 4000, 40000], SeriesKind.Bars))
        {
            LogY = true,
        };
        var svg = ChartSvg.Render(chart);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(svg, "fill-opacity=\"0.75\"").Count);
        Assert.Contains(">1000<", svg);
        Assert.Contains(">100,000<", svg);
        using var doc = System.Text.Json.JsonDocument.Parse(ChartHtml.PlotlySpec(chart));
        Assert.Equal("log", doc.RootElement.GetProperty("layout").GetProperty("yaxis").GetProperty("type").GetString());
    }

    static readonly Chart Banded = new("FD over seeds",
        new Series("ada", [0, 1, 2], [10, 8, 7]).WithBand([9, 7, 6], [12, 9, 8]),
        Series.Level("floor", 2, 0, 2));

    [Fact]
    public void ABandIsATranslucentPolygonBehindItsLineAndStretchesTheAxis()
    {
        var svg = ChartSvg.Render(Banded);
        var band = System.Text.RegularExpressions.Regex.Match(svg, "<polygon class=\"band\"[^>]*points=\"([^\"]*)\"");
        Assert.True(band.Success, svg);
        Assert.Contains("fill-opacity=\"0.2\"", band.Value);
        Assert.Equal(6, band.Groups[1].Value.Split(' ').Length);          // upper edge out, lower edge back
        Assert.True(band.Index < svg.IndexOf("<polyline", StringComparison.Ordinal), "the band is drawn first");
        Assert.Contains(">12<", svg);                                    // the band's top is on the axis
        Assert.Contains("stroke-dasharray", svg);                         // the floor is dashed
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(svg, "<polyline").Count);
    }

    [Fact]
    public void PlotlyFillsABandBetweenTwoEdgeTracesWithoutLegendEntries()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(ChartHtml.PlotlySpec(Banded));
        var data = doc.RootElement.GetProperty("data");
        Assert.Equal(4, data.GetArrayLength());                          // low edge, high edge, the line, the floor
        Assert.Equal(9, data[0].GetProperty("y")[0].GetDouble());
        Assert.Equal("none", data[0].GetProperty("fill").GetString());
        Assert.Equal(12, data[1].GetProperty("y")[0].GetDouble());
        Assert.Equal("tonexty", data[1].GetProperty("fill").GetString());
        Assert.StartsWith("rgba(31,119,180,0.2", data[1].GetProperty("fillcolor").GetString());
        Assert.False(data[0].GetProperty("showlegend").GetBoolean());
        Assert.False(data[1].GetProperty("showlegend").GetBoolean());
        Assert.Equal("ada", data[2].GetProperty("name").GetString());
        Assert.False(data[2].TryGetProperty("fill", out _));
        Assert.Equal("dash", data[3].GetProperty("line").GetProperty("dash").GetString());
        Assert.Equal("normal", doc.RootElement.GetProperty("layout").GetProperty("legend").GetProperty("traceorder")
            .GetString());
    }

    [Fact]
    public void ABandNeedsOneLowAndOneHighPerX() =>
        Assert.Throws<ArgumentException>(() => new Series("a", [0, 1], [1, 2]).WithBand([0], [3, 4]));
}
