using System.Text.RegularExpressions;

namespace AdaNotebooks.NotebookTests;

/// <summary>What the committed notebooks weigh: each within its budget, plotly.js at most once per notebook (the
/// first chart output of a kernel carries it, later charts find it), and every chart with the static SVG it shows
/// wherever plotly.js is absent (so no chart is ever blank, whichever outputs are cleared).</summary>
public class NotebookWeightTests
{
    /// <summary>Bytes per committed notebook: today's sizes with a little room. The course aims at 5 MB in all; each
    /// budget comes down as its notebook's images and charts get lighter.</summary>
    static readonly Dictionary<string, long> Budgets = new()
    {
        ["00-quickstart.ipynb"] = 600_000,
        ["01-augmentations.ipynb"] = 2_000_000,
        ["02-leakage.ipynb"] = 2_200_000,
        ["03-ada-controller.ipynb"] = 1_600_000,
        ["04-limited-data.ipynb"] = 2_300_000,
    };

    [Theory]
    [MemberData(nameof(NotebookTests.Notebooks), MemberType = typeof(NotebookTests))]
    public void ACommittedNotebookStaysWithinItsBudget(string name)
    {
        Assert.True(Budgets.TryGetValue(name, out var budget), $"{name} has no budget in {nameof(Budgets)}");
        long size = new FileInfo(Path.Combine(RepoPaths.Notebooks, name)).Length;
        Assert.True(size <= budget, $"{name} is {size:N0} bytes, over its budget of {budget:N0}");
    }

    [Theory]
    [MemberData(nameof(NotebookTests.Notebooks), MemberType = typeof(NotebookTests))]
    public void ACommittedNotebookCarriesPlotlyAtMostOnceAndEveryChartItsSvg(string name)
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Notebooks, name));
        Assert.True(Regex.Count(text, "atob\\('") <= 1, $"{name} carries plotly.js more than once");
        // A chart is <div class="ada-chart" ...> followed by its SVG.
        var charts = Regex.Matches(text, "<div class=\\\\\"ada-chart\\\\\"[^>]*>(.{0,300})");
        Assert.True(charts.Count > 0 || !text.Contains("ada-chart"), $"{name}: no chart found where charts are");
        Assert.All(charts, m => Assert.Contains("class=\\\"ada-chart-svg\\\"", m.Groups[1].Value));
    }
}
