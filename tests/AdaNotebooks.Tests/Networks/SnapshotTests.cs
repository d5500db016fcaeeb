using System.IO.Compression;
using AdaNotebooks.Networks;
using AdaNotebooks.Training;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Networks;

public sealed class SnapshotTests : IDisposable
{
    readonly string _dir = Path.Combine(Path.GetTempPath(), "ada-snap-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    static void AssertBitIdentical(nn.Module a, nn.Module b)
    {
        var sa = a.state_dict();
        var sb = b.state_dict();
        Assert.Equal(sa.Keys.Order(), sb.Keys.Order());
        foreach (var (k, t) in sa)
        {
            Assert.True(t.shape.SequenceEqual(sb[k].shape), $"{k}: shape [{string.Join(",", t.shape)}] vs " +
                                                            $"[{string.Join(",", sb[k].shape)}]");
            Assert.True(t.eq(sb[k]).all().item<bool>(), $"{k} differs");
        }
    }

    [Fact]
    public void StateDictFilesRoundTripBitExactly()
    {
        using var scope = NewDisposeScope();
        var config = SmallNets.Config(cDim: 4);
        using var g = config.CreateGenerator();
        using var g2 = config.CreateGenerator();
        using (no_grad())
            foreach (var (name, p) in g.named_parameters())
                if (name.EndsWith("noise_strength")) p.fill_(0.125f);
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, "G.pth");
        StateDicts.Write(g, path);
        var sd = StateDicts.Read(path);
        Assert.Equal(g.state_dict().Count, sd.Count);
        StateDicts.Load(g2, sd, "G.pth");
        AssertBitIdentical(g, g2);
        Assert.Empty(g2.synthesis.Blocks[0].conv1.noise_strength!.shape);
        Assert.Equal(0.125f, g2.synthesis.Blocks[0].conv1.noise_strength!.item<float>());
    }

    [Fact]
    public void SnapshotRoundTripsBitExactlyWithKimgPAndExtraEntries()
    {
        using var scope = NewDisposeScope();
        var config = SmallNets.Config(d: Architecture.Orig);
        using var snap = Snapshot.Create(config);
        snap.Kimg = 12.5;
        snap.P = 0.25;
        snap.Entries["controller.json"] = "{\"p\":0.25}"u8.ToArray();
        using (no_grad()) snap.GEma.mapping.w_avg!.fill_(0.5f);
        var path = snap.Save(_dir);
        Assert.Equal("snapshot-000012.500.zip", Path.GetFileName(path)); // fractional kimg keeps its images
        Assert.Single(Directory.GetFiles(_dir));

        using var loaded = Snapshot.Load(_dir);
        Assert.Equal(config, loaded.Config);
        Assert.Equal(12.5, loaded.Kimg);
        Assert.Equal(0.25, loaded.P);
        Assert.Equal("{\"p\":0.25}", System.Text.Encoding.UTF8.GetString(loaded.Entries["controller.json"]));
        AssertBitIdentical(snap.G, loaded.G);
        AssertBitIdentical(snap.D!, loaded.D!);
        AssertBitIdentical(snap.GEma, loaded.GEma);

        using var zip = ZipFile.OpenRead(path);
        Assert.Equal(new[] { "D.pt", "G.pt", "G_ema.pt", "config.json", "controller.json" },
            zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void LoadPicksTheLatestSnapshotByKimg()
    {
        using var scope = NewDisposeScope();
        using var snap = Snapshot.Create(SmallNets.Config());
        foreach (var k in new[] { 5.0, 120.0, 40.0 })
        {
            snap.Kimg = k;
            snap.Save(_dir);
        }
        Assert.EndsWith("snapshot-000120.zip", Snapshot.Resolve(_dir));
        using var loaded = Snapshot.Load(_dir);
        Assert.Equal(120, loaded.Kimg);
    }

    [Fact]
    public void MissingPathsAreNamed()
    {
        var missing = Path.Combine(_dir, "nothing-here");
        var e = Assert.Throws<FileNotFoundException>(() => Snapshot.Load(missing));
        Assert.Contains(missing, e.Message);
        Directory.CreateDirectory(_dir);
        Assert.Throws<FileNotFoundException>(() => Snapshot.Load(_dir));
    }

    [Fact]
    public void StrictLoadingNamesMissingAndMisshapedKeys()
    {
        using var scope = NewDisposeScope();
        using var g = SmallNets.Config().CreateGenerator();
        using var wider = (SmallNets.Config() with { ChannelMax = 64 }).CreateGenerator();
        var e = Assert.Throws<InvalidDataException>(() => StateDicts.Load(g, wider.state_dict(), "G.pth"));
        Assert.Contains("shape", e.Message);
        var partial = g.state_dict().Where(kv => kv.Key != "mapping.w_avg").ToDictionary();
        e = Assert.Throws<InvalidDataException>(() => StateDicts.Load(g, partial, "G.pth"));
        Assert.Contains("mapping.w_avg", e.Message);
    }
}
