using AdaNotebooks.Networks;
using AdaNotebooks.Training;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Networks;

public class NetworkPreviewTests
{
    [Fact]
    public void SamplesAreFixedAndLeaveTheGeneratorUntouched()
    {
        using var scope = NewDisposeScope();
        using var g = SmallNets.Config(cDim: 3).CreateGenerator();
        g.train();
        var a = NetworkPreview.Samples(g, 6);
        var b = NetworkPreview.Samples(g, 6);
        Assert.Equal(new long[] { 6, 3, 16, 16 }, a.shape);
        Assert.True(a.eq(b).all().item<bool>());
        Assert.True(g.training);
        Assert.Equal(0, g.mapping.w_avg!.abs().sum().item<float>());
        var png = NetworkPreview.SamplesPng(g);
        Assert.Equal(0x89, png[0]);
    }

    [Fact]
    public void SnapshotSummaryNamesConfigurationCountsKimgAndP()
    {
        using var scope = NewDisposeScope();
        using var s = Snapshot.Create(SmallNets.Config());
        s.Kimg = 140;
        s.P = 0.375;
        var rows = NetworkPreview.Summary(s).ToDictionary(r => r.Label, r => r.Value);
        Assert.Equal("test", rows["configuration"]);
        Assert.Contains($"G {s.G.ParameterCount:N0}", rows["parameters"]);
        Assert.Equal("140", rows["kimg"]);
        Assert.Equal("0.375", rows["p"]);
        Assert.Contains("16:16", rows["channels"]);
    }
}
