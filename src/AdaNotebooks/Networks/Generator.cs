using static TorchSharp.torch;

namespace AdaNotebooks.Networks;

/// <summary>The StyleGAN2 generator: <c>synthesis</c> and <c>mapping</c>, with the reference's state-dict keys,
/// so reference state dicts load into it and its state dicts load into the reference.</summary>
public sealed class Generator : nn.Module
{
    public readonly SynthesisNetwork synthesis;
    public readonly MappingNetwork mapping;

    public int ZDim { get; }
    public int CDim { get; }
    public int WDim { get; }
    public int Resolution { get; }
    public int ImgChannels { get; }
    public int NumWs => synthesis.NumWs;

    public Generator(int zDim, int cDim, int wDim, int resolution, int imgChannels, int mappingLayers = 8,
        int channelBase = 32768, int channelMax = 512, Architecture architecture = Architecture.Skip,
        double? convClamp = null)
        : base(nameof(Generator))
    {
        ZDim = zDim;
        CDim = cDim;
        WDim = wDim;
        Resolution = resolution;
        ImgChannels = imgChannels;
        synthesis = new SynthesisNetwork(wDim, resolution, imgChannels, channelBase, channelMax, architecture,
            convClamp);
        register_module("synthesis", synthesis);
        mapping = new MappingNetwork(zDim, cDim, wDim, synthesis.NumWs, mappingLayers);
        register_module("mapping", mapping);
    }

    /// <summary>z [N, z_dim], c [N, c_dim] (null if unconditional) -> images [N, img_channels, R, R], roughly in
    /// [-1, 1].</summary>
    public Tensor forward(Tensor z, Tensor? c = null, double truncationPsi = 1, int? truncationCutoff = null,
        NoiseMode noiseMode = NoiseMode.Random)
    {
        var ws = mapping.forward(z, c, truncationPsi, truncationCutoff);
        return synthesis.forward(ws, noiseMode);
    }

    /// <summary>Mixed precision for the synthesis network (the mapping network always runs in float32); null turns
    /// it off. Not part of the weights: a snapshot loads and runs at any precision.</summary>
    public void SetPrecision(MixedPrecision? precision) => synthesis.SetPrecision(precision);

    /// <summary>Number of trainable parameters (buffers excluded).</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());
}
