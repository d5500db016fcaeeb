using AdaNotebooks.IO;
using AdaNotebooks.Networks;
using AdaNotebooks.Training;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Cli;

[Collection("console")]
public sealed class GenerateTests : IDisposable
{
    readonly NetworkCliFolder _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public void SeedsGiveDeterministicImagesMatchingTheNetwork()
    {
        using var scope = NewDisposeScope();
        var config = NetworkCliFolder.Config();
        _f.SaveSnapshot(config);
        var (code, output, err) = CliRunner.Run("generate", "--snapshot", _f.P("run"), "--seeds", "0-2,7", "--out",
            _f.P("a.npy"));
        Assert.True(code == 0, err);
        Assert.Contains("4 image(s)", output);
        var a = Npy.Read(_f.P("a.npy"));
        Assert.Equal(new long[] { 4, 3, 16, 16 }, a.shape);
        Assert.Equal(0, CliRunner.Run("generate", "--snapshot", _f.P("run"), "--seeds", "0-2,7", "--out", _f.P("b.npy"))
            .Code);
        Assert.True(a.eq(Npy.Read(_f.P("b.npy"))).all().item<bool>());

        using var snapshot = Snapshot.Load(_f.P("run"));
        snapshot.GEma.eval();
        using var noGrad = no_grad();
        var expected = snapshot.GEma.forward(LatentSeeds.Z([0, 1, 2, 7], config.ZDim), noiseMode: NoiseMode.Const);
        Assert.True(a.allclose(expected, rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void ZAndWsFilesAndTruncationWork()
    {
        using var scope = NewDisposeScope();
        var config = NetworkCliFolder.Config();
        _f.SaveSnapshot(config);
        using var snapshot = Snapshot.Load(_f.P("run"));
        var g = snapshot.GEma;
        g.eval();
        var z = randn(3, config.ZDim);
        Npy.Write(_f.P("z.npy"), z);
        Tensor ws;
        using (no_grad()) ws = g.mapping.forward(z, null);
        Npy.Write(_f.P("ws.npy"), ws);
        Assert.Equal(0, CliRunner.Run("generate", "--snapshot", _f.P("run"), "--z", _f.P("z.npy"), "--out",
            _f.P("fromz.npy")).Code);
        Assert.Equal(0, CliRunner.Run("generate", "--snapshot", _f.P("run"), "--ws", _f.P("ws.npy"), "--out",
            _f.P("fromws.npy")).Code);
        // The same images either way, up to float32 rounding: libtorch's matrix products may sum in another order from
        // one call to the next (the ws were computed by a separate call of the mapping network).
        double zVsWs = Npy.Read(_f.P("fromz.npy")).sub(Npy.Read(_f.P("fromws.npy"))).abs().max().item<float>();
        Assert.True(zVsWs <= 1e-5, $"images from z and from their ws differ by {zVsWs}");

        // psi 0 maps every z to w_avg: all images equal.
        Assert.Equal(0, CliRunner.Run("generate", "--snapshot", _f.P("run"), "--z", _f.P("z.npy"), "--trunc", "0",
            "--out", _f.P("t0.npy")).Code);
        var t0 = Npy.Read(_f.P("t0.npy"));
        Assert.True(t0[0].allclose(t0[2], rtol: 0, atol: 1e-6));

        var (code, _, err) = CliRunner.Run("generate", "--snapshot", _f.P("run"), "--seeds", "0-3", "--noise-mode",
            "random", "--out", _f.P("grid.png"));
        Assert.True(code == 0, err);
        Assert.Equal(0x89, File.ReadAllBytes(_f.P("grid.png"))[0]);
    }

    [Theory]
    [InlineData(new[] { "--out", "x.png" }, "exactly one")]
    [InlineData(new[] { "--seeds", "0-1", "--z", "z.npy", "--out", "x.png" }, "exactly one")]
    [InlineData(new[] { "--seeds", "a-b", "--out", "x.png" }, "--seeds")]
    [InlineData(new[] { "--seeds", "0", "--noise-mode", "loud", "--out", "x.png" }, "--noise-mode")]
    [InlineData(new[] { "--seeds", "0", "--out", "x.jpg" }, ".png")]
    [InlineData(new[] { "--seeds", "0", "--class", "1", "--out", "x.png" }, "unconditional")]
    public void BadRequestsFailWithAReason(string[] args, string reason)
    {
        _f.SaveSnapshot(NetworkCliFolder.Config());
        var (code, _, err) = CliRunner.Run(["generate", "--snapshot", _f.P("run"), .. args]);
        Assert.Equal(1, code);
        Assert.Contains(reason, err);
    }

    [Fact]
    public void ConditionalGeneratorsNeedAClass()
    {
        _f.SaveSnapshot(NetworkCliFolder.Config(cDim: 3));
        var (code, _, err) = CliRunner.Run("generate", "--snapshot", _f.P("run"), "--seeds", "0", "--out",
            _f.P("x.png"));
        Assert.Equal(1, code);
        Assert.Contains("--class", err);
        Assert.Equal(0, CliRunner.Run("generate", "--snapshot", _f.P("run"), "--seeds", "0-1", "--class", "2", "--out",
            _f.P("x.png")).Code);
    }
}
