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
    static string Fixture(string name)
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
        Assert.True(inception.IsStandard);
        Assert.StartsWith("inception-", inception.Fingerprint);
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
