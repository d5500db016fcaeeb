using AdaNotebooks.Networks;

namespace AdaNotebooks.Tests.Networks;

/// <summary>Tiny configurations that run in milliseconds.</summary>
static class SmallNets
{
    public static NetworkConfig Config(int resolution = 16, Architecture g = Architecture.Skip,
        Architecture d = Architecture.Resnet,
        int cDim = 0, int imgChannels = 3, int mbstd = 4) => new NetworkConfig
        {
            Name = "test", Resolution = resolution, ImgChannels = imgChannels, CDim = cDim, ZDim = 16, WDim = 16,
            MappingLayers = 2, DMappingLayers = 2, ChannelBase = 256, ChannelMax = 32,
            GArchitecture = g, DArchitecture = d, MbstdGroup = mbstd,
        }.Validate();
}
