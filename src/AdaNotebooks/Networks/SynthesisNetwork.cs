using static TorchSharp.torch;

namespace AdaNotebooks.Networks;

/// <summary>The synthesis network (<c>synthesis.*</c>): blocks b4, b8, ..., b{R}, widths
/// C_r = min(channel_base / r, channel_max). num_ws = 2 log2(R) - 2: block r reads ws[i .. i + NumConv +
/// NumToRgb) and i advances by NumConv, so a toRGB shares its w with the next block's conv0.</summary>
public sealed class SynthesisNetwork : nn.Module
{
    readonly List<SynthesisBlock> _blocks = [];

    public long WDim { get; }
    public int Resolution { get; }
    public int ImgChannels { get; }
    public int NumWs { get; }
    public IReadOnlyList<SynthesisBlock> Blocks => _blocks;

    public SynthesisNetwork(long wDim, int resolution, int imgChannels, int channelBase = 32768, int channelMax = 512,
        Architecture architecture = Architecture.Skip, double? convClamp = null) : base(nameof(SynthesisNetwork))
    {
        NetworkConfig.CheckResolution(resolution, minimum: 4);
        WDim = wDim;
        Resolution = resolution;
        ImgChannels = imgChannels;
        for (int res = 4; res <= resolution; res *= 2)
        {
            long inChannels = res > 4 ? NetworkConfig.Channels(res / 2, channelBase, channelMax) : 0;
            long outChannels = NetworkConfig.Channels(res, channelBase, channelMax);
            bool isLast = res == resolution;
            var block = new SynthesisBlock(inChannels, outChannels, wDim, res, imgChannels, isLast, architecture,
                convClamp);
            register_module($"b{res}", block);
            _blocks.Add(block);
            NumWs += block.NumConv + (isLast ? block.NumToRgb : 0);
        }
    }

    /// <summary>Runs the blocks at the highest resolutions in reduced precision (null: all in the master weights'
    /// type).</summary>
    public void SetPrecision(MixedPrecision? precision)
    {
        foreach (var block in _blocks) block.Reduced = precision?.For(block.Resolution, Resolution);
    }

    /// <summary>ws [N, NumWs, w_dim] -> images [N, img_channels, R, R].</summary>
    public Tensor forward(Tensor ws, NoiseMode noiseMode = NoiseMode.Random)
    {
        if (ws.dim() != 3 || ws.shape[1] != NumWs || ws.shape[2] != WDim)
            throw new ArgumentException($"synthesis: expected ws [N, {NumWs}, {WDim}], got " +
                                        $"[{string.Join(", ", ws.shape)}]");
        Tensor? x = null, img = null;
        int wi = 0;
        foreach (var block in _blocks)
        {
            var blockWs = ws.narrow(1, wi, block.NumConv + block.NumToRgb);
            wi += block.NumConv;
            (x, img) = block.forward(x, img, blockWs, noiseMode);
        }
        return img!;
    }
}
