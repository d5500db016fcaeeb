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
        // name, ms/step, share, tensors created in the phase per step
        var row = new System.Text.RegularExpressions.Regex(@"^(.+?)\s+(\d+\.\d\d)\s+(\d+\.\d) %\s+(\d+)$");
        double Tensors(string phase) => double.Parse(rows.Select(r => row.Match(r))
            .Single(m => m.Success && m.Groups[1].Value == phase).Groups[4].Value);
        Assert.All(phases, phase => Tensors(phase));
        // The phases' counts add up to the step's (each a rounded mean per step).
        Assert.InRange(phases.Where(p => p != "step").Sum(Tensors) - Tensors("step"), -phases.Length, phases.Length);
        Assert.True(Tensors("G forward") > 0 && Tensors("augmentation") > 0);
        Assert.Contains("tensors created per step:", output);
        Assert.Contains("FLOPs per step", output);
        Assert.Contains("GFLOP/s", output);
        Assert.Matches(@"efficiency \d+\.\d{3} of the matmul rate", output);
    }
}
