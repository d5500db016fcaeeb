using AdaNotebooks.Cli;
using AdaNotebooks.Imaging;
using AdaNotebooks.IO;
using AdaNotebooks.Training;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Cli;

[Collection("console")]
public sealed class ScoreTests : IDisposable
{
    readonly NetworkCliFolder _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public void ScoresEqualTheDiscriminatorsLogitsInGroupOrder()
    {
        using var scope = NewDisposeScope();
        var config = NetworkCliFolder.Config();
        _f.SaveSnapshot(config);
        var images = rand(6, 3, 16, 16) * 2 - 1;
        Npy.Write(_f.P("x.npy"), images);
        var (code, output, err) = CliRunner.Run("score", "--snapshot", _f.P("run"), "--input", _f.P("x.npy"), "--out",
            _f.P("s.npy"));
        Assert.True(code == 0, err);
        Assert.Contains("6 logit(s)", output);
        var scores = Npy.Read(_f.P("s.npy"));
        Assert.Equal(new long[] { 6, 1 }, scores.shape);
        using var snapshot = Snapshot.Load(_f.P("run"));
        using var noGrad = no_grad();
        var expected = snapshot.D!.forward(images);
        Assert.True(scores.allclose(expected, rtol: 1e-5, atol: 1e-5));
    }

    [Fact]
    public void ScoresAPng()
    {
        using var scope = NewDisposeScope();
        _f.SaveSnapshot(NetworkCliFolder.Config());
        var image = rand(1, 3, 16, 16) * 2 - 1;
        ImageGrid.Save(image, _f.P("one.png"), padding: 0);
        var (code, _, err) = CliRunner.Run("score", "--snapshot", _f.P("run"), "--input", _f.P("one.png"), "--out",
            _f.P("s.npy"));
        Assert.True(code == 0, err);
        Assert.Equal(new long[] { 1, 1 }, Npy.Read(_f.P("s.npy")).shape);
    }

    [Fact]
    public void WrongSizesAndMissingDiscriminatorsAreReported()
    {
        using var scope = NewDisposeScope();
        _f.SaveSnapshot(NetworkCliFolder.Config());
        Npy.Write(_f.P("big.npy"), zeros(2, 3, 32, 32));
        var (code, _, err) = CliRunner.Run("score", "--snapshot", _f.P("run"), "--input", _f.P("big.npy"), "--out",
            _f.P("s.npy"));
        Assert.Equal(1, code);
        Assert.Contains("[N, 3, 16, 16]", err);

        var config = NetworkCliFolder.Config();
        _f.WriteStateDicts(config);
        Assert.Equal(0, CliRunner.Run("import", "--generator", _f.P("G.pth"), "--res", "16", "--out", _f.P("gonly"))
            .Code);
        Npy.Write(_f.P("x.npy"), zeros(2, 3, 16, 16));
        (code, _, err) = CliRunner.Run("score", "--snapshot", _f.P("gonly"), "--input", _f.P("x.npy"), "--out",
            _f.P("s.npy"));
        Assert.Equal(1, code);
        Assert.Contains("no discriminator", err);
    }

    [Theory]
    [InlineData(70, 4, new long[] { 32, 32, 4, 2 })]
    [InlineData(3, 4, new long[] { 3 })]
    [InlineData(64, 32, new long[] { 32, 32 })]
    [InlineData(33, 32, new long[] { 32, 1 })]
    public void BatchesRespectTheMinibatchStdGroups(long n, int group, long[] sizes)
        => Assert.Equal(sizes, ScoreCommand.Batches(n, group).Select(b => b.Count).ToArray());
}
