using static TorchSharp.torch;

namespace AdaNotebooks.Networks;

/// <summary>The StyleGAN2 discriminator: blocks <c>b{R}</c> ... <c>b8</c>, the label network <c>mapping</c>
/// (conditional only: z_dim 0, 8 layers, w_dim = cmap_dim = C4, no w_avg) and the epilogue <c>b4</c>; raw
/// logits [N, 1].</summary>
public sealed class Discriminator : nn.Module
{
    readonly List<DiscriminatorBlock> _blocks = [];

    public readonly MappingNetwork? mapping;
    public readonly DiscriminatorEpilogue b4;

    public int CDim { get; }
    public int Resolution { get; }
    public int ImgChannels { get; }
    public Architecture Architecture { get; }
    public IReadOnlyList<DiscriminatorBlock> Blocks => _blocks;

    public Discriminator(int cDim, int resolution, int imgChannels, Architecture architecture = Architecture.Resnet,
        int channelBase = 32768, int channelMax = 512, double? convClamp = null, int? cmapDim = null,
        int? mbstdGroup = 4,
        int mbstdNumChannels = 1, int mappingLayers = 8, int freezeLayers = 0) : base(nameof(Discriminator))
    {
        NetworkConfig.CheckResolution(resolution);
        CDim = cDim;
        Resolution = resolution;
        ImgChannels = imgChannels;
        Architecture = architecture;
        int Ch(int r) => NetworkConfig.Channels(r, channelBase, channelMax);
        int cmap = cDim == 0 ? 0 : cmapDim ?? Ch(4);

        int layerIndex = 0;
        for (int res = resolution; res > 4; res /= 2)
        {
            var block = new DiscriminatorBlock(res < resolution ? Ch(res) : 0, Ch(res), Ch(res / 2), res, imgChannels,
                layerIndex,
                architecture, convClamp, freezeLayers);
            register_module($"b{res}", block);
            _blocks.Add(block);
            layerIndex += block.NumLayers;
        }
        if (cDim > 0)
        {
            mapping = new MappingNetwork(0, cDim, cmap, numWs: null, numLayers: mappingLayers, wAvgBeta: null);
            register_module("mapping", mapping);
        }
        b4 = new DiscriminatorEpilogue(Ch(4), cmap, 4, imgChannels, architecture, mbstdGroup, mbstdNumChannels,
            convClamp);
        register_module("b4", b4);
    }

    /// <summary>Runs the blocks at the highest resolutions in reduced precision (null: all in the master weights'
    /// type). The epilogue b4 and the label network always run in float32. Not part of the weights.</summary>
    public void SetPrecision(MixedPrecision? precision)
    {
        foreach (var block in _blocks) block.Reduced = precision?.For(block.Resolution, Resolution);
    }

    /// <summary>images [N, img_channels, R, R] in [-1, 1], labels c [N, c_dim] (null if unconditional) -> raw
    /// logits [N, 1].</summary>
    public Tensor forward(Tensor img, Tensor? c = null)
    {
        Tensor? x = null;
        Tensor? image = img;
        foreach (var block in _blocks) (x, image) = block.forward(x, image);
        var cmap = mapping?.forward(null, c);
        return b4.forward(x!, image, cmap);
    }

    /// <summary>Number of trainable parameters (buffers excluded).</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());
}
