using System.Text.RegularExpressions;

namespace AdaNotebooks.NotebookTests;

/// <summary>What the committed notebooks weigh: each within its budget, 5 MB in all, no plotly.js (a live kernel's
/// first chart output brings it; committed outputs leave it out, see NotebookOutputs), and every chart with the
/// static SVG it shows wherever plotly.js is absent (so no chart is ever blank, whichever outputs are
/// cleared).</summary>
public class NotebookWeightTests
{
    /// <summary>Bytes per committed notebook: today's sizes with a little room, together within the course's 5 MB.
    /// </summary>
    static readonly Dictionary<string, long> Budgets = new()
    {
        ["00-quickstart.ipynb"] = 60_000,
        ["01-augmentations.ipynb"] = 1_420_000,
        ["02-leakage.ipynb"] = 1_420_000,
        ["03-ada-controller.ipynb"] = 560_000,
        ["04-limited-data.ipynb"] = 1_520_000,
    };

    const long CourseBudget = 5_000_000;

    [Fact]
    public void TheCommittedNotebooksTogetherStayWithinFiveMegabytes()
    {
        Assert.True(Budgets.Values.Sum() <= CourseBudget, $"the budgets add up to {Budgets.Values.Sum():N0} bytes");
        long total = Directory.GetFiles(RepoPaths.Notebooks, "*.ipynb").Sum(f => new FileInfo(f).Length);
        Assert.True(total <= CourseBudget, $"the notebooks weigh {total:N0} bytes, over {CourseBudget:N0}");
    }

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
    public void ACommittedNotebookCarriesNoPlotlyAndEveryChartItsSvg(string name)
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Notebooks, name));
        Assert.True(Regex.Count(text, "atob\\('") == 0, $"{name} carries plotly.js (NotebookOutputs leaves it out)");
        // A chart is <div class="ada-chart" ...> followed by its SVG.
        var charts = Regex.Matches(text, "<div class=\\\\\"ada-chart\\\\\"[^>]*>(.{0,300})");
        Assert.True(charts.Count > 0 || !text.Contains("ada-chart"), $"{name}: no chart found where charts are");
        Assert.All(charts, m => Assert.Contains("class=\\\"ada-chart-svg\\\"", m.Groups[1].Value));
    }
}
