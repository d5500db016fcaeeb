using System.Text.Json;
using AdaNotebooks.IO;
using AdaNotebooks.Tests.Cli;
using AdaNotebooks.Tests.Data;
using AdaNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Networks;

/// <summary>State dicts written by PyTorch itself (torch.save of the reference's own Generator and Discriminator,
/// bench/reference/make_state_dict_fixture.py with Debian's python3-torch 1.13), imported with `ada import`; the
/// imported G_ema and D must give PyTorch's outputs for the same inputs.</summary>
[Collection("console")]
public class PyTorchStateDictTests
{
    /// <summary>A file of Networks/PyTorchStateDicts in the source tree (found from the test binaries
    /// upwards).</summary>
    static string Fixture(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "Networks", "PyTorchStateDicts", name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"Networks/PyTorchStateDicts/{name} not found above "
                                        + AppContext.BaseDirectory);
    }

    /// <summary>Largest difference relative to the largest expected magnitude.</summary>
    static double RelativeDifference(Tensor actual, Tensor expected)
    {
        Assert.Equal(expected.shape, actual.shape);
        double scale = Math.Max(expected.abs().max().item<float>(), 1e-12);
        return actual.sub(expected).abs().max().item<float>() / scale;
    }

    [Theory]
    [InlineData("skip-resnet-cond")]
    [InlineData("resnet-orig")]
    public void ImportedNetworksGiveThePyTorchOutputs(string name)
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        using var manifest = JsonDocument.Parse(File.ReadAllText(Fixture("manifest.json")));
        var entry = manifest.RootElement.GetProperty("cases").EnumerateArray()
            .Single(e => e.GetProperty("name").GetString() == name);
        double psi = entry.GetProperty("truncation_psi").GetDouble();
        int group = entry.GetProperty("mbstd_group_size").GetInt32();

        var output = Path.Combine(dir.Path, "imported");
        var (code, text, err) = CliRunner.Run("import", "--generator", Fixture($"{name}-G.pt"),
            "--discriminator", Fixture($"{name}-D.pt"), "--res", "16", "--mbstd-group", group.ToString(),
            "--out", output);
        Assert.True(code == 0, err);
        Assert.Contains("snapshot-000000.zip", text);

        using var snapshot = Snapshot.Load(output);
        var z = Npy.Read(Fixture($"{name}-z.npy"));
        var c = Npy.Read(Fixture($"{name}-c.npy"));
        Tensor? labels = c.shape[1] > 0 ? c : null;
        using var noGrad = no_grad();
        var g = snapshot.GEma;
        g.eval();
        var img = g.forward(z, labels, truncationPsi: psi, noiseMode: AdaNotebooks.Networks.NoiseMode.Const);
        double gDifference = RelativeDifference(img, Npy.Read(Fixture($"{name}-img.npy")));
        Assert.True(gDifference < 1e-4, $"G: largest difference {gDifference:g3} of the output's scale");

        // D runs in float64 (its label mapping in float32, as the reference casts c): on this machine libtorch's
        // float32 CPU conv2d gives errors of 0.3-0.6 on outputs of a few units for some shapes (batch 2 with 17 or
        // 33 input channels, like the epilogue's conv after minibatch std), which would hide what this test is
        // about, the imported weights and the network function.
        var d = snapshot.D!;
        d.eval();
        d.to(float64);
        foreach (var (child, module) in d.named_children())
            if (child == "mapping") module.to(float32); // takes c as float32, like the reference
        var logits = d.forward(Npy.Read(Fixture($"{name}-d-input.npy")).to(float64), labels?.to(float64)).to(float32);
        double dDifference = RelativeDifference(logits, Npy.Read(Fixture($"{name}-d-logits.npy")));
        Assert.True(dDifference < 1e-4, $"D: largest difference {dDifference:g3} of the logits' scale");
    }
}
