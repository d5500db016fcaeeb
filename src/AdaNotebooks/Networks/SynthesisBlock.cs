using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaNotebooks.Networks;

/// <summary>One resolution of the synthesis network (<c>synthesis.b{r}</c>): the learned constant (b4) or a 2x
/// upsampling conv0, then conv1, then toRGB ('skip': every block, added to the upsampled running image;
/// 'orig' / 'resnet': last block only; 'resnet' adds a 1x1 <c>skip</c> path).</summary>
public sealed class SynthesisBlock : nn.Module
{
    public readonly Parameter? @const;
    public readonly SynthesisLayer? conv0;
    public readonly SynthesisLayer conv1;
    public readonly ToRGBLayer? torgb;
    public readonly Conv2dLayer? skip;
    public readonly Tensor resample_filter;

    public long InChannels { get; }
    public long OutChannels { get; }
    public int Resolution { get; }
    public int ImgChannels { get; }
    public bool IsLast { get; }
    public Architecture Architecture { get; }
    /// <summary>Number of ws the convolutions consume (1 for b4, 2 otherwise).</summary>
    public int NumConv { get; }
    /// <summary>1 if the block has a toRGB (it reads one more w, shared with the next block's conv0).</summary>
    public int NumToRgb { get; }
    /// <summary>The reduced type the block's features are computed in under mixed precision (see
    /// <see cref="MixedPrecision"/>); null: the master weights' type. The running image stays in the latter.</summary>
    public ScalarType? Reduced { get; set; }

    public SynthesisBlock(long inChannels, long outChannels, long wDim, int resolution, int imgChannels, bool isLast,
        Architecture architecture = Architecture.Skip, double? convClamp = null) : base(nameof(SynthesisBlock))
    {
        InChannels = inChannels;
        OutChannels = outChannels;
        Resolution = resolution;
        ImgChannels = imgChannels;
        IsLast = isLast;
        Architecture = architecture;
        resample_filter = ModuleTensors.Buffer(Resampling.NewFilter());
        register_buffer("resample_filter", resample_filter);

        if (inChannels == 0)
        {
            @const = ModuleTensors.NewParameter(randn(outChannels, resolution, resolution));
            register_parameter("const", @const);
        }
        else
        {
            conv0 = new SynthesisLayer(inChannels, outChannels, wDim, resolution, up: 2, convClamp: convClamp);
            register_module("conv0", conv0);
            NumConv++;
        }
        conv1 = new SynthesisLayer(outChannels, outChannels, wDim, resolution, convClamp: convClamp);
        register_module("conv1", conv1);
        NumConv++;
        if (isLast || architecture == Architecture.Skip)
        {
            torgb = new ToRGBLayer(outChannels, imgChannels, wDim, convClamp: convClamp);
            register_module("torgb", torgb);
            NumToRgb = 1;
        }
        if (inChannels != 0 && architecture == Architecture.Resnet)
        {
            skip = new Conv2dLayer(inChannels, outChannels, kernelSize: 1, bias: false, up: 2);
            register_module("skip", skip);
        }
    }

    /// <summary>x: features from the previous block (null for b4); img: the running image (null until the
    /// first toRGB); ws [N, NumConv + NumToRgb, w_dim]. Returns the new features and image.</summary>
    public (Tensor X, Tensor? Img) forward(Tensor? x, Tensor? img, Tensor ws, NoiseMode noiseMode = NoiseMode.Random)
    {
        if (ws.dim() != 3 || ws.shape[1] != NumConv + NumToRgb)
            throw new ArgumentException($"synthesis block {Resolution}: expected ws [N, {NumConv + NumToRgb}, " +
                                        $"w_dim], got [{string.Join(", ", ws.shape)}]");
        int wi = 0;
        Tensor NextW() => ws.select(1, wi++);

        if (InChannels == 0)
        {
            x = @const!.to(FeatureType).unsqueeze(0).repeat(ws.shape[0], 1, 1, 1);
            x = conv1.forward(x, NextW(), noiseMode);
        }
        else if (x is null)
            throw new ArgumentException($"synthesis block {Resolution} needs the previous block's features");
        else if (Architecture == Architecture.Resnet)
        {
            x = x.to(FeatureType);
            var y = skip!.forward(x, gain: Math.Sqrt(0.5));
            x = conv0!.forward(x, NextW(), noiseMode);
            x = conv1.forward(x, NextW(), noiseMode, gain: Math.Sqrt(0.5));
            x = y + x;
        }
        else
        {
            x = x.to(FeatureType);
            x = conv0!.forward(x, NextW(), noiseMode);
            x = conv1.forward(x, NextW(), noiseMode);
        }

        if (img is not null) img = Resampling.Upsample2x(img, resample_filter);
        if (torgb is not null)
        {
            var y = torgb.forward(x, NextW()).to(MasterType);
            img = img is null ? y : img + y;
        }
        return (x, img);
    }

    /// <summary>The master weights' type: float32 (float64 where a test converts the module); the running image's.
    /// </summary>
    ScalarType MasterType => conv1.weight.dtype;

    ScalarType FeatureType => Reduced ?? MasterType;
}
