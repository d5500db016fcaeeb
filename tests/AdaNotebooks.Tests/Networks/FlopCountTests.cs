using AdaNotebooks.Networks;

namespace AdaNotebooks.Tests.Networks;

public class FlopCountTests
{
    // 8x8, one channel, z = w = 4, one mapping layer: C4 = min(16 / 4, 4) = 4, C8 = min(16 / 8, 4) = 2.
    static readonly NetworkConfig Tiny = new NetworkConfig
    {
        Resolution = 8, ImgChannels = 1, ZDim = 4, WDim = 4, MappingLayers = 1, ChannelBase = 16, ChannelMax = 4,
    }.Validate();

    [Fact]
    public void GeneratorForwardIsTheClosedFormOfItsLayers()
    {
        double expected =
            2 * 4 * 4                                                            // mapping.fc0: 4 -> 4
            + (2 * 4 * 4 + 4 * 16 + 2 * 9 * 4 * 4 * 16 + 2 * 4 * 4 + 4 * 16)     // b4.conv1: affine, s x, 3x3, demod
            + (2 * 4 * 4 + 4 * 16 + 2 * 1 * 4 * 1 * 16)                          // b4.torgb: affine, s x, 1x1
            + (2 * 4 * 4 + 4 * 16 + 2 * 9 * 4 * 2 * 16 + 2 * 4 * 2 + 2 * 64)     // b8.conv0: transposed, 4x4 input
            + (2 * 4 * 2 + 2 * 64 + 2 * 9 * 2 * 2 * 64 + 2 * 2 * 2 + 2 * 64)     // b8.conv1 at 8x8
            + (2 * 4 * 2 + 2 * 64 + 2 * 1 * 2 * 1 * 64);                         // b8.torgb
        Assert.Equal(12_888, expected);
        Assert.Equal(expected, FlopCount.GeneratorForward(Tiny));
    }

    [Fact]
    public void DiscriminatorForwardIsTheClosedFormOfItsLayers()
    {
        double expected =
            2 * 1 * 2 * 64                                                       // b8.fromrgb 1x1, 1 -> 2 at 8x8
            + 2 * 9 * 2 * 2 * 64                                                 // b8.conv0 3x3 at 8x8
            + 2 * 9 * 2 * 4 * 16                                                 // b8.conv1 3x3 stride 2, 4x4 output
            + 2 * 1 * 2 * 4 * 16                                                 // b8.skip 1x1 at 4x4
            + 2 * 9 * 5 * 4 * 16                                                 // b4.conv (4 + mbstd) -> 4
            + 2 * 64 * 4 + 2 * 4 * 1;                                            // b4.fc, b4.out
        Assert.Equal(13_704, expected);
        Assert.Equal(expected, FlopCount.DiscriminatorForward(Tiny));
    }

    [Fact]
    public void TrainingStepFollowsTheCountingRule()
    {
        double g = 12_888, d = 13_704;
        double expected = 2 * 3 * (g + d) + 2 * (g + 6 * d) + 6 * 2 * d / 16 + 6 * 1 * g / 4;
        Assert.Equal(expected, FlopCount.TrainingStep(Tiny, batch: 2, r1Interval: 16, plInterval: 4, plBatch: 1),
            6);
    }

    [Fact]
    public void EveryCountedLayerIsALayerOfTheNetworks()
    {
        var config = NetworkConfig.Cpu(32);
        using var g = config.CreateGenerator();
        using var d = config.CreateDiscriminator();
        var gNames = g.named_parameters().Select(p => p.name).ToHashSet();
        var dNames = d.named_parameters().Select(p => p.name).ToHashSet();
        Assert.All(FlopCount.GeneratorLayers(config), l => Assert.Contains(l.Name + ".weight", gNames));
        Assert.All(FlopCount.DiscriminatorLayers(config), l => Assert.Contains(l.Name + ".weight", dNames));
        Assert.Equal(gNames.Count(n => n.EndsWith(".weight") && !n.Contains("affine")),
            FlopCount.GeneratorLayers(config).Count);
    }
}
