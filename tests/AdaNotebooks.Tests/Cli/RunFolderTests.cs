using AdaNotebooks.Tests.Training;
using AdaNotebooks.Training;

namespace AdaNotebooks.Tests.Cli;

/// <summary>A run folder belongs to one run: fresh runs do not mix into it, resumes say what they change, retention
/// counts what is on disk, a second writer is refused and a broken snapshot is named.</summary>
[Collection("console")]
public class RunFolderTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ada-runfolder-");
    public void Dispose() => _dir.Delete(true);
    string P(string name) => Path.Combine(_dir.FullName, name);

    (int Code, string Out, string Err) Train(string run, params string[] extra)
    {
        var data = Path.Combine(_dir.FullName, "tiny.zip");
        if (!File.Exists(data)) TinyRuns.Dataset(_dir.FullName);
        string[] common = ["train", "--data", data, "--out", run, "--config", "small", "--batch", "8", "--validation",
            "8",
                           "--tick", "0.008", "--snap", "1", "--quiet"];
        return CliRunner.Run([.. common, .. extra]);
    }

    static string[] Lines(string s) => s.Trim().Split('\n');

    [Fact]
    public void AFreshRunIntoAnotherRunsFolderIsRefusedUnlessOverwriting()
    {
        var run = P("run");
        Assert.Equal(0, Train(run, "--kimg", "0.016").Code);
        int ticks = File.ReadAllLines(Path.Combine(run, "stats.jsonl")).Length;
        var (code, _, err) = Train(run, "--kimg", "0.008");
        Assert.NotEqual(0, code);
        Assert.Single(Lines(err));
        Assert.Contains("--resume latest", err);
        Assert.Contains("--out", err);
        Assert.Equal(ticks, File.ReadAllLines(Path.Combine(run, "stats.jsonl")).Length);

        var (code2, out2, err2) = Train(run, "--kimg", "0.008", "--overwrite");
        Assert.True(code2 == 0, err2);
        Assert.Contains("replacing the run", out2);
        Assert.Single(File.ReadAllLines(Path.Combine(run, "stats.jsonl")));
        Assert.Equal(["snapshot-000000.008.zip"], RunFolder.Snapshots(run).Select(Path.GetFileName));
    }

    [Fact]
    public void ResumeAppliesAndReportsAChangedPAndRefusesAChangedBatch()
    {
        var run = P("run");
        Assert.Equal(0, Train(run, "--kimg", "0.016", "--aug", "fixed", "--p", "0.2").Code);
        var (code, output, err) = Train(run, "--kimg", "0.024", "--resume", "latest", "--p", "0.4");
        Assert.True(code == 0, err);
        var changes = Assert.Single(Lines(output), l => l.StartsWith("resuming with changes:",
            StringComparison.Ordinal));
        Assert.Equal("resuming with changes: --kimg 0.016 -> 0.024; --p 0.2 -> 0.4", changes.Trim());
        using (var snapshot = Snapshot.Load(run))
        {
            var state = TrainingState.Read(snapshot);
            Assert.Equal(0.4, state.Schedule.P);
            Assert.Equal(AugmentMode.Fixed, state.Options.Augment);
        }

        // Not given again: the run's own p and schedule, not the command line's defaults.
        var (code2, output2, err2) = Train(run, "--kimg", "0.032", "--resume", "latest");
        Assert.True(code2 == 0, err2);
        Assert.Contains("resuming with changes: --kimg 0.024 -> 0.032\n", output2.ReplaceLineEndings("\n"));
        using (var snapshot = Snapshot.Load(run)) Assert.Equal(0.4, TrainingState.Read(snapshot).Schedule.P);

        var (code3, _, err3) = CliRunner.Run("train", "--data", Path.Combine(_dir.FullName, "tiny.zip"), "--out", run,
            "--config", "small",
            "--batch", "16", "--kimg", "0.04", "--resume", "latest", "--quiet");
        Assert.NotEqual(0, code3);
        Assert.Single(Lines(err3));
        Assert.Contains("--batch 16", err3);
        Assert.Contains("--batch 8", err3);
    }

    [Fact]
    public void RetentionCountsTheSnapshotsOnDiskAcrossAResume()
    {
        var run = P("run");
        Assert.Equal(0, Train(run, "--kimg", "0.024", "--keep-snapshots", "2").Code);
        Assert.Equal(2, RunFolder.Snapshots(run).Count);
        var (code, _, err) = Train(run, "--kimg", "0.048", "--resume", "latest");
        Assert.True(code == 0, err);
        // The run keeps 2 (its own --keep-snapshots), counting those written before the resume.
        Assert.Equal(["snapshot-000000.040.zip", "snapshot-000000.048.zip"], RunFolder.Snapshots(run)
            .Select(Path.GetFileName));
    }

    [Fact]
    public void RampRaisesPOverItsKimgThenHolds()
    {
        var run = P("run");
        var (code, _, err) = Train(run, "--kimg", "0.032", "--aug", "ramp", "--p", "0.8", "--ramp-kimg", "0.016");
        Assert.True(code == 0, err);
        var ps = File.ReadAllLines(Path.Combine(run, "stats.jsonl"))
            .Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)!["Progress/augment"]!.GetValue<double>()).ToList();
        Assert.Equal([0.4, 0.8, 0.8, 0.8], ps.Select(p => Math.Round(p, 9)));
    }

    [Fact]
    public void ASecondWriterIsRefusedAndAStaleLockIsTakenOver()
    {
        var run = P("run");
        using (RunLock.Acquire(run))
        {
            var (code, _, err) = Train(run, "--kimg", "0.008");
            Assert.NotEqual(0, code);
            Assert.Single(Lines(err));
            Assert.Contains("being written by another run", err);
        }
        File.WriteAllText(Path.Combine(run, RunLock.FileName), "pid 999999");
        var (code2, output, err2) = Train(run, "--kimg", "0.008");
        Assert.True(code2 == 0, err2);
        Assert.Contains("took over the lock of a run that is no longer alive (pid 999999)", output);
        Assert.False(File.Exists(Path.Combine(run, RunLock.FileName)));
    }

    [Fact]
    public void ATruncatedSnapshotIsAnErrorNamingTheFile()
    {
        var run = P("run");
        Assert.Equal(0, Train(run, "--kimg", "0.016").Code);
        var latest = Snapshot.Resolve(run);
        var bytes = File.ReadAllBytes(latest);
        File.WriteAllBytes(latest, bytes[..(bytes.Length / 2)]);
        var (code, _, err) = Train(run, "--kimg", "0.024", "--resume", "latest");
        Assert.NotEqual(0, code);
        Assert.Single(Lines(err));
        Assert.Contains(Path.GetFileName(latest), err);
        Assert.Contains("truncated or corrupt", err);
    }
}
