using AdaNotebooks.Networks;
using AdaNotebooks.Training;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Cli;

[Collection("console")]
public sealed class ImportExportTests : IDisposable
{
    readonly NetworkCliFolder _f = new();

    public void Dispose() => _f.Dispose();

    static void AssertBitIdentical(nn.Module expected, nn.Module actual)
    {
        var a = expected.state_dict();
        var b = actual.state_dict();
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var (k, t) in a)
        {
            Assert.True(t.shape.SequenceEqual(b[k].shape), k);
            Assert.True(t.eq(b[k]).all().item<bool>(), $"{k} differs");
        }
    }

    [Theory]
    [InlineData(0, Architecture.Resnet)]
    [InlineData(3, Architecture.Orig)]
    public void ImportThenExportRoundTripsBitExactly(int cDim, Architecture dArch)
    {
        using var scope = NewDisposeScope();
        var config = NetworkCliFolder.Config(cDim, dArch);
        var (g, d) = _f.WriteStateDicts(config);
        var (code, output, err) = CliRunner.Run("import", "--generator", _f.P("G.pth"), "--discriminator",
            _f.P("D.pth"),
            "--res", "16", "--channel-base", "128", "--channel-max", "16", "--mbstd-group", "2", "--out",
            _f.P("imported"));
        Assert.True(code == 0, err);
        Assert.Contains("snapshot-000000.zip", output);

        using (var snapshot = Snapshot.Load(_f.P("imported")))
        {
            Assert.Equal(config with { Name = "import" }, snapshot.Config);
            Assert.Equal(0, snapshot.Kimg);
            AssertBitIdentical(g, snapshot.G);
            AssertBitIdentical(g, snapshot.GEma);
            AssertBitIdentical(d, snapshot.D!);
        }

        (code, output, err) = CliRunner.Run("export", "--snapshot", _f.P("imported"), "--out", _f.P("exported"));
        Assert.True(code == 0, err);
        foreach (var name in new[] { "G.pth", "D.pth", "G_ema.pth" })
            Assert.True(File.Exists(_f.P(Path.Combine("exported", name))), name);
        var g2 = config.CreateGenerator();
        StateDicts.Load(g2, StateDicts.Read(_f.P("exported/G_ema.pth")), "G_ema.pth");
        AssertBitIdentical(g, g2);
        var d2 = config.CreateDiscriminator();
        StateDicts.Load(d2, StateDicts.Read(_f.P("exported/D.pth")), "D.pth");
        AssertBitIdentical(d, d2);
        // The exported files are byte-identical to the originals: same keys, same order, same data.
        Assert.Equal(File.ReadAllBytes(_f.P("D.pth")).Length, File.ReadAllBytes(_f.P("exported/D.pth")).Length);
    }

    [Fact]
    public void ImportInfersWidthsAndArchitectureWithoutHints()
    {
        using var scope = NewDisposeScope();
        var config = NetworkCliFolder.Config();
        _f.WriteStateDicts(config);
        var (code, output, err) = CliRunner.Run("import", "--generator", _f.P("G.pth"), "--res", "16", "--out",
            _f.P("gonly"));
        Assert.True(code == 0, err);
        Assert.Contains("no D", output);
        using var snapshot = Snapshot.Load(_f.P("gonly"));
        Assert.Null(snapshot.D);
        // Widths 8 (16x16), 16 (8x8), 16 (4x4): channel_base 128, channel_max 16.
        Assert.Equal((128, 16), (snapshot.Config.ChannelBase, snapshot.Config.ChannelMax));
        Assert.Equal(Architecture.Skip, snapshot.Config.GArchitecture);
        Assert.Equal((2, 8, 8), (snapshot.Config.MappingLayers, snapshot.Config.ZDim, snapshot.Config.WDim));
    }

    [Theory]
    [InlineData("--res", "32", "16x16")]
    [InlineData("--map", "8", "mapping layers")]
    [InlineData("--channel-max", "8", "channels")]
    [InlineData("--architecture", "orig", "resnet")]
    public void ImportRejectsOptionsThatContradictTheStateDicts(string option, string value, string reason)
    {
        using var scope = NewDisposeScope();
        _f.WriteStateDicts(NetworkCliFolder.Config());
        var args = new List<string>
        {
            "import", "--generator", _f.P("G.pth"), "--discriminator", _f.P("D.pth"), "--out", _f.P("bad"),
        };
        if (option != "--res") args.AddRange(["--res", "16"]);
        args.AddRange([option, value]);
        var (code, _, err) = CliRunner.Run(args.ToArray());
        Assert.Equal(1, code);
        Assert.Contains(reason, err);
        Assert.False(Directory.Exists(_f.P("bad")) && Directory.GetFiles(_f.P("bad")).Length > 0);
    }

    [Fact]
    public void ImportOfAMissingFileNamesIt()
    {
        var (code, _, err) = CliRunner.Run("import", "--generator", _f.P("nope.pth"), "--res", "16", "--out",
            _f.P("x"));
        Assert.Equal(1, code);
        Assert.Contains("nope.pth", err);
    }

    [Fact]
    public void ExportOfAMissingSnapshotNamesIt()
    {
        var (code, _, err) = CliRunner.Run("export", "--snapshot", _f.P("missing"), "--out", _f.P("x"));
        Assert.Equal(1, code);
        Assert.Contains("missing", err);
    }
}
