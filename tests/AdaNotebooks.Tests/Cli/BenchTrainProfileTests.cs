using AdaNotebooks.Tests.Training;

namespace AdaNotebooks.Tests.Cli;

[Collection("console")]
public class BenchTrainProfileTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ada-benchprofile-");
    public void Dispose() => _dir.Delete(true);

    [Fact]
    public void ProfilePrintsEveryPhaseFlopsAndTheEfficiency()
    {
        var data = TinyRuns.Dataset(_dir.FullName);
        var (code, output, err) = CliRunner.Run("bench", "train", "--config", "small", "--res", "16", "--batch", "8",
            "--steps", "2", "--profile", "--data", data);
        Assert.True(code == 0, err);
        string[] phases =
        [
            "data", "G forward", "D forward", "backward", "optimizer", "R1", "PL", "EMA", "augmentation",
            "controller", "bookkeeping", "step",
        ];
        var rows = output.Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.All(phases, phase => Assert.Contains(rows, row => row.StartsWith(phase + " ") &&
                                                                   row.EndsWith('%')));
        Assert.Contains("tensors created per step:", output);
        Assert.Contains("FLOPs per step", output);
        Assert.Contains("GFLOP/s", output);
        Assert.Matches(@"efficiency \d+\.\d{3} of the matmul rate", output);
    }
}
