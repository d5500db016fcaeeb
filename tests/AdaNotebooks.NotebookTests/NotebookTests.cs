namespace AdaNotebooks.NotebookTests;

[CollectionDefinition("notebooks", DisableParallelization = true)]
public sealed class NotebookCollection;

/// <summary>Every notebook under notebooks/ runs top to bottom in the stock kernel, in quick mode
/// (ADA_QUICK=1). Executed copies land in artifacts/notebooks. With ADA_UPDATE_NOTEBOOKS=1 a passing
/// notebook's outputs are also written back into the notebook itself.</summary>
[Collection("notebooks")]
public class NotebookTests
{
    static TimeSpan Timeout =>
        TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("ADA_NOTEBOOK_TIMEOUT_SECONDS"), out var s)
            ? s
            : 900);

    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var nb in Directory.GetFiles(RepoPaths.Notebooks, "*.ipynb").Order()) data.Add(Path.GetFileName(nb));
        return data;
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void NotebookRunsTopToBottom(string name)
    {
        var source = Path.Combine(RepoPaths.Notebooks, name);
        var run = NotebookRunner.Run(source, Path.Combine(RepoPaths.ExecutedNotebooks, name), Timeout,
            new Dictionary<string, string> { ["ADA_QUICK"] = Environment.GetEnvironmentVariable("ADA_QUICK") ?? "1" });
        Assert.True(run.Succeeded, run.Describe());
        if (Environment.GetEnvironmentVariable("ADA_UPDATE_NOTEBOOKS") == "1")
            NotebookOutputs.CopyInto(run.ExecutedPath, source);
    }

    [Fact]
    public void QuickstartShowsAnImageAndAChart()
    {
        var name = "00-quickstart.ipynb";
        var run = NotebookRunner.Run(Path.Combine(RepoPaths.Notebooks, name), Path.Combine(RepoPaths.ExecutedNotebooks,
            "checked-" + name), Timeout);
        Assert.True(run.Succeeded, run.Describe());
        var text = File.ReadAllText(run.ExecutedPath);
        Assert.Contains("data:image/png;base64,iVBOR", text);
        Assert.Contains("ada-chart-svg", text);
        Assert.Contains("Plotly.newPlot", text);
        Assert.Contains("plotly.js (basic - minified)", text);
    }

    [Fact]
    public void ABrokenCellFailsTheRunWithItsErrorText()
    {
        var run = NotebookRunner.Run(Path.Combine(RepoPaths.Fixtures, "broken.ipynb"),
            Path.Combine(RepoPaths.ExecutedNotebooks, "fixture-broken.ipynb"), Timeout);
        Assert.False(run.Succeeded);
        var failed = Assert.Single(run.FailedCells);
        Assert.Equal(2, failed.Index);
        Assert.Contains("deliberate failure: the answer was 42", failed.Error);
        Assert.Contains("deliberate failure: the answer was 42", run.Describe());
    }
}
