namespace AdaNotebooks.NotebookTests;

[CollectionDefinition("notebooks", DisableParallelization = true)]
public sealed class NotebookCollection;

/// <summary>Every notebook under notebooks/ runs top to bottom in the stock kernel, in quick mode
/// (ADA_QUICK=1), without compiler warnings. Executed copies land in artifacts/notebooks. With
/// ADA_UPDATE_NOTEBOOKS=1 (and ADA_QUICK=0: committed notebooks never hold quick-mode output) a passing notebook's
/// outputs are also written back into the notebook itself.</summary>
[Collection("notebooks")]
public class NotebookTests
{
    /// <summary>Notebooks the kernel still reports a compiler warning for (Jupyter prints it under the cell), with
    /// the start of the warning's message; each is taken off this list when its cell is fixed.</summary>
    static readonly Dictionary<string, string> KnownCompilerWarnings = new();

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
        bool update = Environment.GetEnvironmentVariable("ADA_UPDATE_NOTEBOOKS") == "1";
        var quick = Environment.GetEnvironmentVariable("ADA_QUICK") ?? "1";
        if (update && quick == "1")
            Assert.Fail("ADA_UPDATE_NOTEBOOKS=1 writes outputs into notebooks/, which never hold quick-mode output: " +
                        "set ADA_QUICK=0 as well (interactive mode, a few minutes per notebook)");
        var source = Path.Combine(RepoPaths.Notebooks, name);
        var run = NotebookRunner.Run(source, Path.Combine(RepoPaths.ExecutedNotebooks, name), Timeout,
            new Dictionary<string, string> { ["ADA_QUICK"] = quick });
        Assert.True(run.Succeeded, run.Describe());
        NoCompilerWarnings(run);
        if (update) NotebookOutputs.CopyInto(run.ExecutedPath, source);
    }

    static void NoCompilerWarnings(NotebookRun run)
    {
        var name = Path.GetFileName(run.Notebook);
        Assert.Empty(NotebookChecks.CompilerWarnings(run.ExecutedPath));
        var reported = run.CompilerDiagnostics.ToList();
        if (KnownCompilerWarnings.TryGetValue(name, out var known))
            Assert.True(reported.RemoveAll(d => d.StartsWith(known, StringComparison.Ordinal)) > 0,
                $"{name} no longer gets the warning \"{known}...\": take it off {nameof(KnownCompilerWarnings)}");
        Assert.True(reported.Count == 0,
            $"{name}: the kernel reported compiler diagnostics (Jupyter prints them under the cell):\n" +
            string.Join("\n", reported));
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void CommittedNotebookHoldsNoQuickModeOutput(string name) =>
        Assert.Empty(NotebookChecks.QuickModeCells(Path.Combine(RepoPaths.Notebooks, name)));

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void CommittedNotebookSaysItsModeFirst(string name)
    {
        var mode = NotebookChecks.FirstCellMode(Path.Combine(RepoPaths.Notebooks, name));
        Assert.Contains(mode, new[] { "interactive", "full" });
    }

    [Fact]
    public void QuickModeOutputIsFoundAndNeverWrittenBack()
    {
        var fixture = Path.Combine(RepoPaths.Fixtures, "quick-output.ipynb");
        Assert.Equal([1], NotebookChecks.QuickModeCells(fixture));
        var target = Path.Combine(Directory.CreateTempSubdirectory("ada-notebook-").FullName, "target.ipynb");
        File.Copy(Path.Combine(RepoPaths.Fixtures, "broken.ipynb"), target);
        var before = File.ReadAllText(target);
        var e = Assert.Throws<InvalidOperationException>(() => NotebookOutputs.CopyInto(fixture, target));
        Assert.Contains("cell(s) 1 hold quick-mode output", e.Message);
        Assert.Equal(before, File.ReadAllText(target));
        Directory.Delete(Path.GetDirectoryName(target)!, true);
    }

    [Fact]
    public void QuickstartShowsItsModeAnImageAndAChart()
    {
        var name = "00-quickstart.ipynb";
        var run = NotebookRunner.Run(Path.Combine(RepoPaths.Notebooks, name), Path.Combine(RepoPaths.ExecutedNotebooks,
            "checked-" + name), Timeout);
        Assert.True(run.Succeeded, run.Describe());
        Assert.NotNull(NotebookChecks.FirstCellMode(run.ExecutedPath));
        var text = File.ReadAllText(run.ExecutedPath);
        Assert.Contains("data:image/png;base64,iVBOR", text);
        Assert.Contains("ada-chart-svg", text);
        Assert.Contains("Plotly.newPlot", text);
        Assert.Contains("DecompressionStream('gzip')", text);
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

    [Fact]
    public void ACompilerWarningIsCaughtThoughTheOutputsLeaveItOut()
    {
        var run = NotebookRunner.Run(Path.Combine(RepoPaths.Fixtures, "compiler-warning.ipynb"),
            Path.Combine(RepoPaths.ExecutedNotebooks, "fixture-compiler-warning.ipynb"), Timeout);
        Assert.True(run.Succeeded, run.Describe());
        var diagnostic = Assert.Single(run.CompilerDiagnostics);
        Assert.Contains("always", diagnostic);
    }

    [Fact]
    public void TorchSharpCellsCompileWithoutVersionWarnings()
    {
        var run = NotebookRunner.Run(Path.Combine(RepoPaths.Fixtures, "torchsharp-versions.ipynb"),
            Path.Combine(RepoPaths.ExecutedNotebooks, "fixture-torchsharp-versions.ipynb"), Timeout);
        Assert.True(run.Succeeded, run.Describe());
        NoCompilerWarnings(run);
    }
}
