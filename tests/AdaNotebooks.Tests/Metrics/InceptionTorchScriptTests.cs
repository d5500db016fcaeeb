using System.Security.Cryptography;
using AdaNotebooks.IO;
using AdaNotebooks.Metrics;
using AdaNotebooks.Tests.Data;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Metrics;

/// <summary>The TorchScript loader, with a tiny scripted module that has the real detector's signature
/// (bench/reference/make_tiny_inception.py made the fixture and its expected outputs with PyTorch).</summary>
public class InceptionTorchScriptTests
{
    /// <summary>A file of Metrics/Fixtures in the source tree (found from the test binaries' folder upwards).</summary>
    internal static string Fixture(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "Metrics", "Fixtures", name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"Metrics/Fixtures/{name} not found above {AppContext.BaseDirectory}");
    }

    [Fact]
    public void ReproducesThePyTorchFeaturesOfTheScriptedModule()
    {
        using var scope = NewDisposeScope();
        using var inception = new InceptionTorchScript(Fixture("tiny-inception.pt"), batchSize: 3); // 2 calls: 3 + 1
        var images = Npy.Read(Fixture("tiny-inception-input.npy")).to(ScalarType.Byte);
        var expected = Npy.Read(Fixture("tiny-inception-features.npy"));
        var features = inception.Extract(images);
        Assert.Equal([4L, 2048L], features.shape);
        double difference = features.sub(expected).abs().max().item<float>();
        Assert.True(difference < 1e-5, $"max difference from PyTorch {difference}");
        Assert.StartsWith("inception-", inception.Fingerprint);
    }

    /// <summary>The fixture's SHA-256, computed here independently of the code under test.</summary>
    static string FixtureSha256() => Sha256Of(Fixture("tiny-inception.pt"));

    static string Sha256Of(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    [Fact]
    public void AFileWithTheRightSignatureButAnotherHashIsNotStandardAndItsScoresCarryItsName()
    {
        var actual = FixtureSha256();
        var other = (actual[0] == '0' ? "1" : "0") + actual[1..]; // one hex digit off
        using var inception = new InceptionTorchScript(Fixture("tiny-inception.pt"), expectedSha256: other);
        Assert.False(inception.IsStandard);
        Assert.Equal("tiny-inception", inception.Name);
        Assert.Equal(actual, inception.Sha256);
        Assert.Equal(["fd-tiny-inception"], MetricSuite.ScoreNames(MetricSuite.Fd, inception));
        Assert.Equal(["kid-tiny-inception"], MetricSuite.ScoreNames(MetricSuite.Kid, inception));
        Assert.Equal(["precision-tiny-inception", "recall-tiny-inception"],
                     MetricSuite.ScoreNames(MetricSuite.Pr, inception));
    }

    [Fact]
    public void WithoutAnExpectedHashNoFileIsStandard()
    {
        var saved = Environment.GetEnvironmentVariable(InceptionTorchScript.Sha256Variable);
        Environment.SetEnvironmentVariable(InceptionTorchScript.Sha256Variable, null);
        try
        {
            using var inception = new InceptionTorchScript(Fixture("tiny-inception.pt"));
            Assert.False(inception.IsStandard);
            Assert.Equal(["fd-tiny-inception"], MetricSuite.ScoreNames(MetricSuite.Fd, inception));
        }
        finally { Environment.SetEnvironmentVariable(InceptionTorchScript.Sha256Variable, saved); }
    }

    [Fact]
    public void TheStandardPathIsTakenExactlyWhenTheHashMatches()
    {
        var actual = FixtureSha256();
        foreach (var given in new[] { actual, actual.ToUpperInvariant(), $"  {actual}\n" })
        {
            using var inception = new InceptionTorchScript(Fixture("tiny-inception.pt"), expectedSha256: given);
            Assert.True(inception.IsStandard);
            Assert.Equal(InceptionTorchScript.StandardName, inception.Name);
            Assert.Equal(["fid"], MetricSuite.ScoreNames(MetricSuite.Fd, inception));
            Assert.Equal(["kid"], MetricSuite.ScoreNames(MetricSuite.Kid, inception));
            Assert.Equal(["precision-inception", "recall-inception"],
                         MetricSuite.ScoreNames(MetricSuite.Pr, inception));
        }
        for (int i = 0; i < 64; i += 21) // a change anywhere in the hash makes it not standard
        {
            var other = actual[..i] + (actual[i] == 'a' ? 'b' : 'a') + actual[(i + 1)..];
            using var inception = new InceptionTorchScript(Fixture("tiny-inception.pt"), expectedSha256: other);
            Assert.False(inception.IsStandard, $"hash differing at digit {i} taken as standard");
        }
        var error = Assert.Throws<ArgumentException>(
            () => new InceptionTorchScript(Fixture("tiny-inception.pt"), expectedSha256: actual[..63]));
        Assert.Contains("64 hex digits", error.Message);
    }

    [Fact]
    public void AnUnverifiedFileIsNamedAfterItsStemButNeverPlainInception()
    {
        Assert.Equal("inception-2015-12-05", InceptionTorchScript.NameOf("/x/inception-2015-12-05.pt"));
        Assert.Equal("inception-unverified", InceptionTorchScript.NameOf("/x/Inception.pt"));
        Assert.Equal("my-net-v2", InceptionTorchScript.NameOf("/x/My Net v2.pt"));
        Assert.Equal("torchscript", InceptionTorchScript.NameOf("/x/#.pt"));
    }

    [Fact]
    public void TheHashIsRecomputedWhenTheFileChanges()
    {
        using var dir = new TempDir();
        var path = dir.Write("net.pt", File.ReadAllBytes(Fixture("tiny-inception.pt")));
        var first = InceptionTorchScript.FileSha256(path);
        Assert.Equal(FixtureSha256(), first);
        Assert.Equal(first, InceptionTorchScript.FileSha256(path));
        File.AppendAllText(path, "x");
        Assert.Equal(Sha256Of(path), InceptionTorchScript.FileSha256(path));
        Assert.NotEqual(first, InceptionTorchScript.FileSha256(path));
    }

    [Fact]
    public void GrayImagesAreRepeatedToThreeChannels()
    {
        using var scope = NewDisposeScope();
        using var inception = new InceptionTorchScript(Fixture("tiny-inception.pt"));
        var gray = Npy.Read(Fixture("tiny-inception-input.npy")).to(ScalarType.Byte)[.., ..1];
        var rgb = gray.expand(-1, 3, -1, -1).contiguous();
        Assert.True(inception.Extract(gray).allclose(inception.Extract(rgb)));
    }

    [Fact]
    public void AMissingOrBrokenFileIsAClearError()
    {
        using var dir = new TempDir();
        var missing = Path.Combine(dir.Path, InceptionTorchScript.FileName);
        Assert.Contains(missing, Assert.Throws<FileNotFoundException>(() => new InceptionTorchScript(missing)).Message);
        var broken = dir.Write("broken.pt", [1, 2, 3, 4]);
        Assert.Contains(broken, Assert.Throws<InvalidDataException>(() => new InceptionTorchScript(broken)).Message);
    }
}
