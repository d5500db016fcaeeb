using AdaNotebooks.Tests.Training;

namespace AdaNotebooks.Tests.Cli;

[Collection("console")]
public class TrainCommandTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ada-traincli-");
    public void Dispose() => _dir.Delete(true);
    string P(string name) => Path.Combine(_dir.FullName, name);

    [Theory]
    [InlineData("--preset", "bgx", "unknown augmentation preset")]
    [InlineData("--p", "1.5", "--p must lie in [0, 1]")]
    [InlineData("--aug", "sometimes", "--aug sometimes")]
    [InlineData("--resume", "nowhere/snapshot-000001.zip", "no such snapshot")]
    [InlineData("--tick", "0", "--tick must be > 0")]
    public void BadOptionsFailWithAOneLineReason(string option, string value, string reason)
    {
        var data = TinyRuns.Dataset(_dir.FullName);
        var (code, _, err) = CliRunner.Run("train", "--data", data, "--out", P("run"), "--kimg", "0.01", "--quiet",
            option, value);
        Assert.NotEqual(0, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Contains(reason, err);
    }

    [Fact]
    public void ResolutionThatIsNotAPowerOfTwoIsRefused()
    {
        var pixels = new byte[4 * 3 * 24 * 24];
        var path = P("odd.zip");
        AdaNotebooks.Data.DatasetWriter.Write(new AdaNotebooks.Data.ImageDataset("odd", pixels, 3, 24, 24), path);
        var (code, _, err) = CliRunner.Run("train", "--data", path, "--out", P("run"), "--kimg", "0.01", "--quiet");
        Assert.NotEqual(0, code);
        Assert.Contains("power of two", err);
    }
}

[Collection("console")]
public class FirstRunTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ada-firstrun-");
    public void Dispose() => _dir.Delete(true);

    static System.Text.Json.JsonElement Options(string runDir) =>
        System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(runDir, "options.json")))
            .RootElement.GetProperty("Options");

    [Fact]
    public void WithoutOptionsTheFirstRunsSubsetConfigurationAndAdaKimgApplyAndItsSummaryIsPrinted()
    {
        var run = Path.Combine(_dir.FullName, "first");
        var (code, output, err) = CliRunner.Run("train", "--out", run, "--kimg", "0.032", "--tick", "0.032",
            "--quiet");
        Assert.True(code == 0, err);
        var o = Options(run);
        Assert.Equal("builtin:emoji32-faces", o.GetProperty("Data").GetString());
        Assert.Equal("small", o.GetProperty("Config").GetString());
        Assert.Equal(40, o.GetProperty("Subset").GetInt32());
        Assert.Equal(20, o.GetProperty("AdaKimg").GetDouble());
        Assert.Contains("on 40 images", output);
        Assert.Contains("ADA raises p", output);
        Assert.Contains("ada-run-summary", File.ReadAllText(Path.Combine(run, "report.html")));
    }

    [Fact]
    public void ADatasetGivenWithDataIsTrainedWhole()
    {
        var data = TinyRuns.Dataset(_dir.FullName);
        var run = Path.Combine(_dir.FullName, "given");
        var (code, _, err) = CliRunner.Run("train", "--data", data, "--out", run, "--kimg", "0.01", "--quiet");
        Assert.True(code == 0, err);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, Options(run).GetProperty("Subset").ValueKind);
    }
}
