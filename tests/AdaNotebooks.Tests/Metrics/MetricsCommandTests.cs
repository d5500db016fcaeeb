using System.Globalization;
using System.Text.RegularExpressions;
using AdaNotebooks.Data;
using AdaNotebooks.IO;
using AdaNotebooks.Metrics;
using AdaNotebooks.Tests.Cli;
using AdaNotebooks.Tests.Data;
using AdaNotebooks.Tests.Networks;
using AdaNotebooks.Training;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Metrics;

[Collection("console")]
public class MetricsCommandTests
{
    /// <summary>A zip dataset of 8 random 16x16 RGB images.</summary>
    static ImageDataset WriteDataset(TempDir dir, out string path)
    {
        var pixels = new byte[8 * 3 * 16 * 16];
        new Random(3).NextBytes(pixels);
        var dataset = new ImageDataset("eight", pixels, 3, 16, 16);
        path = Path.Combine(dir.Path, "eight.zip");
        DatasetWriter.Write(dataset, path);
        return Datasets.Open(path);
    }

    static double Score(string output, string name)
    {
        var match = Regex.Match(output, $@"^{Regex.Escape(name)}: (\S+)", RegexOptions.Multiline);
        Assert.True(match.Success, $"no '{name}:' line in:\n{output}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>Runs with ADA_INCEPTION_PT unset, so "auto" means the offline network whatever the
    /// environment.</summary>
    static T WithoutInceptionFile<T>(Func<T> run)
    {
        var saved = Environment.GetEnvironmentVariable(InceptionTorchScript.EnvironmentVariable);
        Environment.SetEnvironmentVariable(InceptionTorchScript.EnvironmentVariable, null);
        try { return run(); }
        finally { Environment.SetEnvironmentVariable(InceptionTorchScript.EnvironmentVariable, saved); }
    }

    [Theory]
    [InlineData("resnet18", "resnet18")]
    [InlineData("resnet18-112", "resnet18-112")]
    [InlineData(null, "resnet18-112")] // the default without the Inception file
    public void TheDatasetItselfScoresZeroWithTheOfflineNetwork(string? detector, string network)
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        var dataset = WriteDataset(dir, out var data);
        var fakes = Path.Combine(dir.Path, "fakes.npy");
        Npy.Write(fakes, dataset.ToTensor());
        string[] args = ["metrics", "--fakes", fakes, "--data", data, "--metrics", "fd,kid,pr", "--cache",
            Path.Combine(dir.Path, "cache"),
                         .. detector is null ? Array.Empty<string>() : ["--detector", detector]];
        var (code, output, err) = WithoutInceptionFile(() => CliRunner.Run(args));
        Assert.True(code == 0, err);
        Assert.True(Math.Abs(Score(output, $"fd-{network}")) < 1e-3, output);
        Assert.Equal(1.0, Score(output, $"precision-{network}"));
        Assert.Equal(1.0, Score(output, $"recall-{network}"));
        Assert.Contains($"kid-{network}:", output);
        // no score of another network
        Assert.Equal(4, Regex.Matches(output, @"^(fd|kid|precision|recall)-", RegexOptions.Multiline).Count);
        Assert.DoesNotContain("fid:", output);
        var cached = Assert.Single(Directory.GetFiles(Path.Combine(dir.Path, "cache"), "*.npy"));
        Assert.StartsWith($"eight-{network}-8-", Path.GetFileName(cached));
    }

    [Fact]
    public void TheDefaultOfflineNetworkIsResNet18At112AndTheOthersCanBeChosen()
    {
        using (var chosen = WithoutInceptionFile(() => FeatureExtractors.Create()))
            Assert.Equal("resnet18-112", chosen.Name);
        using (var chosen = WithoutInceptionFile(() => FeatureExtractors.Create("auto", threads: 1)))
            Assert.Equal("resnet18-112", chosen.Name);
        using (var chosen = FeatureExtractors.Create("resnet18", threads: 1))
            Assert.Equal(("resnet18", 224), (chosen.Name, ((ResNet18Onnx)chosen).InputSize));
        using (var chosen = FeatureExtractors.Create("ResNet18-112", threads: 1))
            Assert.Equal(("resnet18-112", 112), (chosen.Name, ((ResNet18Onnx)chosen).InputSize));
        var error = Assert.Throws<ArgumentException>(() => FeatureExtractors.Create("resnet50"));
        Assert.Contains("resnet18-112", error.Message);
    }

    [Fact]
    public void AnInceptionFileIsScoredAsFidOnlyWhenItsHashIsTheExpectedOne()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        var dataset = WriteDataset(dir, out var data);
        var fakes = Path.Combine(dir.Path, "fakes.npy");
        Npy.Write(fakes, dataset.ToTensor());
        var file = InceptionTorchScriptTests.Fixture("tiny-inception.pt");
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)));
        string[] args = ["metrics", "--fakes", fakes, "--data", data, "--metrics", "fd,kid", "--detector", "inception",
                         "--inception", file, "--cache", Path.Combine(dir.Path, "cache")];

        var saved = Environment.GetEnvironmentVariable(InceptionTorchScript.Sha256Variable);
        Environment.SetEnvironmentVariable(InceptionTorchScript.Sha256Variable, null);
        try
        {
            var (code, output, err) = CliRunner.Run(args);
            Assert.True(code == 0, err);
            Assert.Contains("not verified", output);
            Assert.True(Math.Abs(Score(output, "fd-tiny-inception")) < 1e-3, output);
            Assert.Contains("kid-tiny-inception:", output);
            Assert.DoesNotMatch(@"(?m)^(fid|kid):", output);

            (code, output, err) = CliRunner.Run([.. args, "--inception-sha256", sha]);
            Assert.True(code == 0, err);
            Assert.Contains("standard FID detector", output);
            Assert.True(Math.Abs(Score(output, "fid")) < 1e-3, output);
            Assert.Contains("kid:", output);
            Assert.DoesNotContain("tiny-inception:", output);
        }
        finally { Environment.SetEnvironmentVariable(InceptionTorchScript.Sha256Variable, saved); }
    }

    [Fact]
    public void ASnapshotsGeneratorIsScored()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        WriteDataset(dir, out var data);
        using (var snapshot = Snapshot.Create(SmallNets.Config(resolution: 16)))
            snapshot.Save(Path.Combine(dir.Path, "run"));
        var (code, output, err) = CliRunner.Run("metrics", "--snapshot", Path.Combine(dir.Path, "run"), "--data", data,
            "--num", "8",
                                                "--metrics", "fd", "--detector", "resnet18-112", "--cache",
                                                Path.Combine(dir.Path, "cache"));
        Assert.True(code == 0, err);
        Assert.Contains("generated 8 from", output);
        Assert.True(Score(output, "fd-resnet18-112") > 1, output); // an untrained generator is far from the data
    }

    [Theory]
    [InlineData("neither")]
    [InlineData("metric")]
    [InlineData("shape")]
    [InlineData("detector")]
    public void BadInputIsAOneLineError(string what)
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        WriteDataset(dir, out var data);
        var fakes = Path.Combine(dir.Path, "fakes.npy");
        Npy.Write(fakes, zeros(4, 3, 8, 8));
        string[] args = what switch
        {
            "neither" => ["metrics", "--data", data],
            "metric" => ["metrics", "--data", data, "--fakes", fakes, "--metrics", "fd,is"],
            "detector" => ["metrics", "--data", data, "--fakes", fakes, "--detector", "resnet50"],
            _ => ["metrics", "--data", data, "--fakes", fakes, "--detector", "resnet18-112"],
        };
        var (code, _, err) = CliRunner.Run(args);
        Assert.Equal(1, code);
        Assert.StartsWith("error: ", err);
        Assert.Contains(what switch { "neither" => "--snapshot", "metric" => "'is'", "detector" => "resnet18-112",
            _ => "fakes.npy" }, err);
    }
}

public class TrainingMetricsTests
{
    [Fact]
    public void TheProviderScoresAGeneratorAndRestoresItsMode()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        var pixels = new byte[12 * 3 * 16 * 16];
        new Random(4).NextBytes(pixels);
        var reals = new ImageDataset("twelve", pixels, 3, 16, 16);
        using var g = SmallNets.Config(resolution: 16).CreateGenerator();
        g.train();
        var extractor = new TestExtractor();
        var provider = TrainingMetrics.Provider(extractor, reals, ["fd", "kid"], 12,
            new MetricOptions { Cache = new FeatureCache(dir.Path), KidSubsets = 3 });
        var scores = provider(g);
        Assert.Equal(["fd-test", "kid-test"], scores.Keys.Order().ToArray());
        Assert.True(scores["fd-test"] > 0 && double.IsFinite(scores["kid-test"]));
        Assert.True(g.training);
        provider(g);
        Assert.Equal(12 + 2 * 12, extractor.ImagesSeen); // reals once (then cached), 12 generated per call
    }
}
