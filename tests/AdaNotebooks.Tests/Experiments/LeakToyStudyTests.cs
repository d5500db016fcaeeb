using System.Text.Json.Nodes;
using AdaNotebooks.Experiments;
using AdaNotebooks.Tests.Cli;

namespace AdaNotebooks.Tests.Experiments;

/// <summary>The toy sweep and its command: results.json in the documented shape, resumed by seed, other options
/// refused.</summary>
[Collection("console")]
public class LeakToyStudyTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ada-leak-toy-");
    public void Dispose() => _dir.Delete(true);

    [Fact]
    public void TheCommandWritesResultsTheTablesAndTheCharts()
    {
        var outDir = Path.Combine(_dir.FullName, "toy");
        var (code, output, error) = CliRunner.Run("experiment", "leak-toy", "--ops", "rotate90,lumaflip", "--ps",
            "0.5,1", "--seeds", "0", "--steps", "30", "--out", outDir,
            // The command's default is one thread; keep this process's count for the other tests.
            "--threads", TorchSharp.torch.get_num_threads().ToString());
        Assert.True(code == 0, error);
        Assert.Contains("| rotate90 | 1 | ∞ |", output);
        var results = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "results.json")))!["results"]!.AsArray();
        Assert.Equal(["rotate90/0.5", "rotate90/1", "lumaflip/0.5", "lumaflip/1"],
            results.Select(r => $"{r!["op"]}/{r["p"]}"));
        foreach (var r in results)
        {
            Assert.Equal(0, (int)r!["seed"]!);
            Assert.Equal(30, (int)r["steps"]!);
            Assert.InRange((double)r["tv"]!, 0, 1);
            Assert.InRange((double)r["rotated"]!, 0, 1);
        }
        Assert.Contains("| lumaflip | 0.5 | 2 |", File.ReadAllText(Path.Combine(outDir, "results.md")));
        // Per op: steps to TV against 1/(1 - p), TV over the steps, the rotated share over the steps.
        Assert.Equal(6, Directory.GetFiles(outDir, "chart-*.svg").Length);
        Assert.Contains("<svg", File.ReadAllText(Path.Combine(outDir, "chart-00.svg")));
        Assert.True(File.Exists(Path.Combine(outDir, "results.html")));
    }

    [Fact]
    public void AStudyKeepsItsRecordedRunsAndRefusesOtherOptions()
    {
        var options = new LeakToyStudyOptions
        {
            OutDir = Path.Combine(_dir.FullName, "study"), Ps = [0], Seeds = [0],
            Run = new LeakToyOptions { Steps = 20 },
        };
        var first = LeakToyStudy.Run(options);
        var log = new List<string>();
        var second = LeakToyStudy.Run(options with { Seeds = [0, 1] }, log.Add);
        Assert.Contains("1 of 2 cells already recorded; running the other 1", log);
        Assert.Equal(["rotate90-p0-s0", "rotate90-p0-s1"], second.Results.Select(r => r.Cell));
        Assert.Equal(first.Results[0].Seconds, second.Results[0].Seconds);   // kept, not run again
        Assert.Equal(first.Results[0].Trajectory, second.Results[0].Trajectory);
        var other = Assert.Throws<ArgumentException>(() =>
            LeakToyStudy.Run(options with { Run = options.Run with { Steps = 40 } }));
        Assert.Contains("other options (Run)", other.Message);
    }

    [Fact]
    public void BadOptionsAreOneLineErrors()
    {
        var (code, _, error) = CliRunner.Run("experiment", "leak-toy", "--start", "sideways", "--out",
            Path.Combine(_dir.FullName, "bad"), "--threads", TorchSharp.torch.get_num_threads().ToString());
        Assert.Equal(1, code);
        Assert.Equal("error: --start sideways: expected uniform or rotated", error.Trim());
        (code, _, error) = CliRunner.Run("experiment", "leak-toy", "--ops", "xint", "--out",
            Path.Combine(_dir.FullName, "bad"), "--threads", TorchSharp.torch.get_num_threads().ToString());
        Assert.Equal(1, code);
        Assert.Contains("xint never moves a 3x3 image", error);
    }
}
