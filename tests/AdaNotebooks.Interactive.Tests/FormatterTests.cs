using AdaNotebooks.Charts;
using AdaNotebooks.Course;
using AdaNotebooks.Experiments;
using AdaNotebooks.Imaging;
using AdaNotebooks.Training;
using Microsoft.DotNet.Interactive.Formatting;

namespace AdaNotebooks.Interactive.Tests;

/// <summary>What cells show for the toolkit's types, through the formatters the extension registers.</summary>
public class FormatterTests
{
    static FormatterTests() => Formatters.Register();

    /// <summary>Each test starts as a fresh kernel: its first chart output carries plotly.js.</summary>
    public FormatterTests() => ChartOutput.ForgetPlotlySent();

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
    public void TheFirstChartOutputCarriesPlotlyAndLaterOnesFindItWithTheirSvgInPlace()
    {
        var first = Html(A);
        var second = Html(B);
        var third = Html(A);
        Assert.Equal(1, Count(first, PlotlyPayload));
        foreach (var later in new[] { second, third })
        {
            Assert.DoesNotContain("atob(", later);
            Assert.True(later.Length < 20_000, $"a later chart output is {later.Length} characters");
        }
        foreach (var output in new[] { first, second, third })
        {
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

    [Fact]
    public void AStudyReportIsOneOutputWithItsSummaryTableAndCharts()
    {
        var point = new CurvePoint(20, 0.1, 0.6, new Dictionary<string, double> { ["fd"] = 40, ["kid"] = 0.01 });
        var study = new LimitedDataReport(new LimitedDataOptions { OutDir = "bench/results/small" }, 1000, "fd",
            "kid", [new LimitedDataRun(500, "ada", "bgc", [point], null, 60, "run")]);
        var html = Html(study);
        Assert.Contains("<h4>bench/results/small</h4>", html);
        Assert.Contains("<p>Data builtin:emoji32 at 16px", html);
        Assert.Contains(">ada</td>", html);
        Assert.Equal(study.Charts().Count(), Count(html, "class=\"ada-chart\""));
        Assert.Equal(1, Count(html, PlotlyPayload));

        var leak = new LeakReport(new LeakExperimentOptions { OutDir = "bench/results/leak" }, 0.95, 0.03, double.NaN,
            [new LeakResult("rotate90", "fixed", 0.5, 0.1, [0.9, 0.05, 0.03, 0.02], double.NaN, 20, 60, "run")], 1000);
        var leakHtml = Html(leak);
        Assert.Contains("Orientation classifier: 95.0 % accurate", leakHtml);
        Assert.Contains(">10.0 % (90 % / 5 % / 3 % / 2 %)</td>", leakHtml);
        Assert.Equal(1, Count(leakHtml, "class=\"ada-chart\""));
    }

    [Fact]
    public void AToySweepIsOneOutputWithItsSummaryTableAndCharts()
    {
        LeakToyResult Result(double p, int seed, double tv, int? stepsToTv) => new("rotate90", p, seed, tv, tv, 100,
            stepsToTv, 0.75, 1, $"rotate90-p{p}-s{seed}",
            [new LeakToyPoint(0, 0.9, 0.7), new LeakToyPoint(100, tv, tv)]);
        var options = new LeakToyStudyOptions { OutDir = "bench/results/toy", Ps = [0.5, 1], Seeds = [0, 1] };
        var toy = new LeakToyReport(options,
            [Result(0.5, 0, 0.01, 60), Result(0.5, 1, 0.03, 80), Result(1, 0, 0.75, null), Result(1, 1, 0.75, null)]);
        var html = Html(toy);
        Assert.Contains("<h4>bench/results/toy</h4>", html);
        Assert.Contains("<p>Exact toy GAN: G a softmax over the 512 binary 3x3 images", html);
        Assert.Contains("<p>Predicted: for p &lt; 1", html);
        Assert.Contains(">0.020 (0.010-0.030)</td>", html);
        Assert.Contains(">70 (60-80)</td>", html);
        Assert.Contains(">- (0 of 2)</td>", html);
        Assert.Equal(toy.Charts().Count(), Count(html, "class=\"ada-chart\""));
        Assert.Equal(1, Count(html, PlotlyPayload));
    }

    [Fact]
    public void AStudyOverSeveralSeedsShowsItsSeedTablesBeforeThePerRunTable()
    {
        LimitedDataRun Run(string method, int seed, double fd) => new(500, method, "bgc",
            [new CurvePoint(20, 0, 0.6, new Dictionary<string, double> { ["fd"] = fd })], null, 60, "run", seed);
        var one = new LimitedDataReport(new LimitedDataOptions(), 1000, "fd", "kid",
            [Run("noaug", 0, 100), Run("ada", 0, 80)]);
        var three = one with
        {
            Runs = [.. Enumerable.Range(0, 3).SelectMany(s => new[] { Run("noaug", s, 100 + s), Run("ada", s, 80) })],
        };
        var html = Html(three);
        Assert.Equal(3, Count(html, "<table"));
        int seeds = html.IndexOf(">final p mean</th>", StringComparison.Ordinal);
        int comparison = html.IndexOf(">ada against noaug</td>", StringComparison.Ordinal);
        int runs = html.IndexOf(">seed</th>", StringComparison.Ordinal);
        Assert.True(seeds >= 0 && seeds < comparison && comparison < runs, html);
        Assert.Equal(1, Count(Html(one), "<table"));
        Assert.DoesNotContain("final p mean", Html(one));
    }

    [Fact]
    public void ARunShowsItsLatestNumbersSamplesAndCharts()
    {
        var png = ImageGrid.Png(TorchSharp.torch.zeros(4, 3, 8, 8));
        TrainingProgress Tick(int k) => new()
        {
            Tick = k, Kimg = k * 0.5, TotalKimg = 2, P = k * 0.01, Heuristic = 0.5, ImagesPerSecond = 40,
            Losses = new Dictionary<string, double> { ["G"] = 1, ["D"] = 1.2 }, SampleGrid = k == 1 ? png : null,
        };
        var html = RunHtml.Render("tiny run", "runs/tiny", [Tick(1), Tick(2)]);
        Assert.Contains("runs/tiny/report.html", html);
        Assert.Contains("<td style=\"text-align:left\">1 of 2</td>", html);
        Assert.Contains("G_ema at 0.5 kimg (fixed seeds)", html);
        Assert.Equal(1, Count(html, PlotlyPayload));
        Assert.Contains("no tick yet", RunHtml.Render("fresh", "runs/fresh", []));
    }
}
