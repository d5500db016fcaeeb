using AdaNotebooks.Charts;
using AdaNotebooks.Course;
using AdaNotebooks.Experiments;
using AdaNotebooks.Imaging;
using Microsoft.DotNet.Interactive.Formatting;

namespace AdaNotebooks.Interactive.Tests;

/// <summary>What cells show for the toolkit's types, through the formatters the extension registers.</summary>
public class FormatterTests
{
    static FormatterTests() => Formatters.Register();

    static readonly Chart A = new("a", Series.Of("y", [1, 2, 3]));
    static readonly Chart B = new("b", Series.Of("y", [3, 2, 1]));

    static string Html(object value) => value.ToDisplayString(HtmlFormatter.MimeType);

    static int Count(string text, string part)
    {
        int n = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0;
             i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
            n++;
        return n;
    }

    /// <summary>plotly.js's compressed bundle, as it appears in an output.</summary>
    static string PlotlyPayload => ChartOutput.LoaderScript().Split("atob('")[1][..200];

    [Fact]
    public void EveryChartOutputCarriesItsOwnPlotly()
    {
        // Outputs are cleared, deleted and re-rendered independently: none may rely on an earlier chart's output.
        var first = Html(A);
        var second = Html(B);
        var third = Html(A);
        foreach (var output in new[] { first, second, third })
        {
            Assert.Contains(PlotlyPayload, output);
            Assert.Contains("ada-chart-svg", output);
            Assert.Contains("Plotly.newPlot", output);
        }
    }

    [Fact]
    public void AListOfChartsIsOneOutputWithOnePlotly()
    {
        var html = Html(new List<Chart> { A, B });
        Assert.Equal(2, Count(html, "class=\"ada-chart\""));
        Assert.Equal(1, Count(html, PlotlyPayload));
    }

    [Fact]
    public void TheModeIsALineOfText()
    {
        Assert.Equal("text/plain", Formatter.GetPreferredMimeTypesFor(typeof(CourseMode)).First());
        Assert.Equal("mode: interactive", CourseMode.Interactive.ToDisplayString(PlainTextFormatter.MimeType));
        Assert.Equal("mode: quick", CourseMode.Quick.ToDisplayString(PlainTextFormatter.MimeType));
    }

    [Fact]
    public void PngImagesShowInlineAndAMissingFileSaysSo()
    {
        var png = ImageGrid.Png(TorchSharp.torch.zeros(1, 3, 4, 4));
        var shown = Html(PngImage.Of(png, "four pixels"));
        Assert.Contains("data:image/png;base64,iVBOR", shown);
        Assert.Contains("<figcaption>four pixels</figcaption>", shown);
        var missing = Html(PngImage.FromFile("/nonexistent/samples.png"));
        Assert.Contains("samples.png missing", missing);
        var row = Html(PngImage.Row([PngImage.Of(png, "a"), PngImage.Of(png, "b")]));
        Assert.Equal(2, Count(row, "<figure"));
    }

    [Fact]
    public void AResultTableIsAnHtmlTable()
    {
        var html = Html(new ResultTable(["run", "p"], [["noaug", "0"], ["ada <x>", "0.5"]]));
        Assert.Contains("<th style=\"padding:2px 8px;text-align:left\">run</th>", html);
        Assert.Contains("ada &lt;x&gt;", html);
        Assert.Equal(3, Count(html, "<tr>"));
    }
}
