using System.Diagnostics;
using AdaNotebooks.Experiments;
using AdaNotebooks.Tests.Training;

namespace AdaNotebooks.Tests.Experiments;

/// <summary>A study whose cells run in workers records what one after another would have recorded.</summary>
[Collection("global torch RNG")]
public class SideBySideStudyTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ada-sidebyside-");
    public void Dispose() => _dir.Delete(true);

    LimitedDataOptions Options(string name) => new()
    {
        Data = TinyRuns.Dataset(_dir.FullName, count: 80), Resolution = null,
        OutDir = Path.Combine(_dir.FullName, name), Kimg = 0.016, Batch = 8, Sizes = [16], Methods = ["noaug"],
        HeldOut = 24, Validation = 8, MetricNum = 8, MetricPoints = 1, Seeds = [0, 1],
    };

    [Fact]
    public void WorkersRecordTheSameResultsAsOneAfterAnother()
    {
        var here = LimitedDataExperiment.Run(Options("here"));
        var options = Options("workers");
        var launched = new List<string>();
        var gate = new object();
        // Workers in this process share the global torch RNG, so they take turns; the processes `ada` starts do not.
        var execution = StudyExecution.SideBySide(2, cell =>
        {
            lock (gate)
            {
                launched.Add(cell.Name);
                LimitedDataExperiment.Run(options, execution: new StudyExecution { Cell = cell.Name });
            }
        });
        var workers = LimitedDataExperiment.Run(options, execution: execution);

        Assert.Equal(["n16-noaug-s0", "n16-noaug-s1"], launched.Order());
        Assert.Equal(here.Runs.Select(r => r.Cell), workers.Runs.Select(r => r.Cell));
        Assert.Equal(here.Runs.Select(r => r.Final(here.Fd)), workers.Runs.Select(r => r.Final(workers.Fd)));
        foreach (var cell in launched)
            Assert.True(File.Exists(StudyExecution.ResultFile(options.OutDir, cell)), cell);
        var read = LimitedDataExperiment.Read(Path.Combine(options.OutDir, "results.json"));
        Assert.Equal(["n16-noaug-s0", "n16-noaug-s1"], read.Runs.Select(r => r.Cell));
    }

    [Fact]
    public void AWorkerRunsOnlyItsCellAndLeavesTheStudysFilesAlone()
    {
        var options = Options("one");
        var report = LimitedDataExperiment.Run(options, execution: new StudyExecution { Cell = "n16-noaug-s1" });
        Assert.Equal(["n16-noaug-s1"], report.Runs.Select(r => r.Cell));
        Assert.False(File.Exists(Path.Combine(options.OutDir, "results.json")));
        Assert.True(File.Exists(StudyExecution.ResultFile(options.OutDir, "n16-noaug-s1")));
        var unknown = Assert.Throws<ArgumentException>(() =>
            LimitedDataExperiment.Run(options, execution: new StudyExecution { Cell = "n16-noaug-s7" }));
        Assert.Contains("n16-noaug-s7", unknown.Message);
    }

    [Fact]
    public void AFailedWorkerStopsTheStudyWithItsCellNamed()
    {
        var options = Options("failing");
        var execution = StudyExecution.SideBySide(2, _ => { });   // a worker that writes no result
        var failed = Assert.Throws<InvalidOperationException>(() => LimitedDataExperiment.Run(options,
            execution: execution));
        Assert.Contains("finished without a result", failed.Message);
    }

    [Fact]
    public async Task AdaRunsTwoWorkerProcessesSideBySide()
    {
        // The command line holds 200 images out for D's validation outputs.
        var large = Directory.CreateDirectory(Path.Combine(_dir.FullName, "large")).FullName;
        var options = Options("cli") with { Data = TinyRuns.Dataset(large, 240) };
        var ada = Path.Combine(AppContext.BaseDirectory, "ada.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { ada, "experiment", "limited-data", "--data", options.Data, "--res", "16",
                     "--out", options.OutDir, "--kimg", "0.016", "--batch", "8", "--sizes", "16", "--methods",
                     "noaug", "--held-out", "24", "--metric-num", "8", "--metric-points", "1", "--seeds", "0,1",
                     "--jobs", "2", "--threads", "1" })
            psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(timeout.Token);
        var (said, complained) = (await output, await errors);
        Assert.True(process.ExitCode == 0, said + complained);
        Assert.Contains("2 cells, 2 at a time in workers", said);
        var read = LimitedDataExperiment.Read(Path.Combine(options.OutDir, "results.json"));
        Assert.Equal(["n16-noaug-s0", "n16-noaug-s1"], read.Runs.Select(r => r.Cell));
    }
}
