using AdaNotebooks.Augmentation;
using AdaNotebooks.IO;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Cli;

[Collection("console")]
public class AugmentCommandTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ada-augment-");
    public void Dispose() => _dir.Delete(true);
    string P(string name) => Path.Combine(_dir.FullName, name);

    [Fact]
    public void PercentileModeWritesWhatThePipelineComputes()
    {
        using var scope = NewDisposeScope();
        var x = rand(2, 3, 32, 32).mul(2).sub(1);
        Npy.Write(P("x.npy"), x);
        var (code, output, err) = CliRunner.Run("augment", "--input", P("x.npy"), "--output", P("y.npy"), "--ops",
            "rotate", "--percentile", "0.4");
        Assert.True(code == 0, err);
        Assert.Contains("rotate", output);
        var expected = new AugmentPipe(AugmentSpec.Ops(["rotate"])).AugmentAtPercentile(x, 0.4);
        Assert.True(Npy.Read(P("y.npy")).sub(expected).abs().max().item<float>() < 1e-6f);
    }

    [Fact]
    public void SetOverridesAStrengthAndPngOutputIsWritten()
    {
        using var scope = NewDisposeScope();
        var x = rand(3, 3, 32, 32).mul(2).sub(1);
        Npy.Write(P("x.npy"), x);
        Assert.Equal(0, CliRunner.Run("augment", "--input", P("x.npy"), "--output", P("half.npy"), "--ops", "rotate",
            "--percentile", "0.9", "--set", "rotate_max=0.5").Code);
        var expected = new AugmentPipe(AugmentSpec.Ops(["rotate"]).With("rotate_max", "0.5"))
            .AugmentAtPercentile(x, 0.9);
        Assert.True(Npy.Read(P("half.npy")).sub(expected).abs().max().item<float>() < 1e-6f);
        Assert.Equal(0, CliRunner.Run("augment", "--input", P("x.npy"), "--out", P("grid.png"), "--preset", "bgc",
            "--p", "0.5", "--seed", "3").Code);
        Assert.True(new FileInfo(P("grid.png")).Length > 100);
    }

    [Theory]
    [InlineData("--preset", "bgx")]
    [InlineData("--ops", "rotate,twist")]
    [InlineData("--set", "rotate_max=lots")]
    public void BadOptionsFailWithAOneLineReason(string option, string value)
    {
        using var scope = NewDisposeScope();
        Npy.Write(P("x.npy"), zeros(1, 3, 32, 32));
        var args = new List<string> { "augment", "--input", P("x.npy"), "--output", P("y.npy"), option, value };
        if (option == "--set") args.AddRange(["--ops", "rotate"]);
        var (code, _, err) = CliRunner.Run([.. args]);
        Assert.NotEqual(0, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.StartsWith("error:", err.Trim());
        Assert.False(File.Exists(P("y.npy")));
    }

    [Fact]
    public void MissingInputNamesTheFile()
    {
        var (code, _, err) = CliRunner.Run("augment", "--input", P("nope.npy"), "--output", P("y.npy"), "--preset",
            "bgc");
        Assert.Equal(1, code);
        Assert.Contains("nope.npy", err);
    }

    [Fact]
    public void BenchPrintsImagesPerSecondLast()
    {
        var (code, output, err) = CliRunner.Run("bench", "augment", "--preset", "bgc", "--res", "16", "--batch", "4",
            "--p", "0.6", "--backward", "--seconds", "0.2");
        Assert.True(code == 0, err);
        Assert.Matches(@"augment img/s: \d+$", output.Trim().Split('\n')[^1].Trim());
    }
}
