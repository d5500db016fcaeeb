using System.Diagnostics;
using System.IO.Compression;
using AdaNotebooks.Tests.Training;
using AdaNotebooks.Training;

namespace AdaNotebooks.Tests.Cli;

/// <summary>`kill -9` in the middle of training, then `--resume latest`: every snapshot on disk is whole, and the run
/// continues from the last one with its kimg and p.</summary>
[Collection("console")]
public class KillResumeTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ada-kill-");
    public void Dispose() => _dir.Delete(true);

    [Fact]
    public void KilledRunResumesFromItsLastWholeSnapshot()
    {
        var data = TinyRuns.Dataset(_dir.FullName);
        var run = Path.Combine(_dir.FullName, "run");
        var ada = Path.Combine(AppContext.BaseDirectory, "ada.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { ada, "train", "--data", data, "--out", run, "--kimg", "5", "--tick", "0.016",
            "--snap", "1",
                     "--batch", "8", "--p", "0.3", "--ada-kimg", "0.2", "--validation", "8", "--quiet", "--threads",
                     "1" })
            psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        while (Directory.Exists(run) ? Directory.GetFiles(run, "snapshot-*.zip").Length < 3 : true)
        {
            Assert.False(process.HasExited, "training stopped before writing three snapshots");
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), "no snapshots within 3 minutes");
            Thread.Sleep(100);
        }
        process.Kill(entireProcessTree: true); // SIGKILL: no chance to clean up
        process.WaitForExit();

        // Every snapshot left behind is a complete zip; temporary files never carry the snapshot name.
        foreach (var file in Directory.GetFiles(run, "snapshot-*.zip"))
            using (var zip = ZipFile.OpenRead(file))
                Assert.Contains(zip.Entries, e => e.FullName == TrainingState.Entry);
        double kimg, p;
        using (var last = Snapshot.Load(run))
        {
            var state = TrainingState.Read(last);
            kimg = state.Nimg / 1000.0;
            p = state.Schedule.P;
        }

        var (code, output, err) = CliRunner.Run("train", "--data", data, "--out", run, "--resume", "latest", "--kimg",
            (kimg + 0.016).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tick", "0.016", "--snap", "1", "--batch", "8", "--ada-kimg", "0.2", "--validation", "8", "--quiet");
        Assert.True(code == 0, err);
        Assert.Contains($"from {kimg:0.###} kimg at p = {p:0.###}", output);
        using var resumed = Snapshot.Load(run);
        Assert.True(TrainingState.Read(resumed).Nimg > kimg * 1000);
    }
}
