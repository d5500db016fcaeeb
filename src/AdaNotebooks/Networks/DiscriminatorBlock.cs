using static TorchSharp.torch;

namespace AdaNotebooks.Networks;

/// <summary>One resolution of the discriminator (<c>b{r}</c>): fromRGB (first block, or every block in 'skip'),
/// conv0 3x3, conv1 3x3 with 2x downsampling; 'resnet' adds a 1x1 <c>skip</c> (output = skip(x) sqrt(0.5) +
/// conv1(conv0(x)) with gain sqrt(0.5)). Layers counted from the highest resolution in the order fromrgb,
/// conv0, conv1, skip; the first <c>freezeLayers</c> of D are not trainable (Freeze-D).</summary>
public sealed class DiscriminatorBlock : nn.Module
{
    public readonly Conv2dLayer? fromrgb;
    public readonly Conv2dLayer conv0;
    public readonly Conv2dLayer conv1;
    public readonly Conv2dLayer? skip;
    public readonly Tensor resample_filter;

    public long InChannels { get; }
    public int Resolution { get; }
    public int ImgChannels { get; }
    public Architecture Architecture { get; }
    public int FirstLayerIndex { get; }
    public int NumLayers { get; private set; }
    /// <summary>The reduced type the block computes in under mixed precision (see <see cref="MixedPrecision"/>);
    /// null: the master weights' type.</summary>
    public ScalarType? Reduced { get; set; }

    public DiscriminatorBlock(long inChannels, long tmpChannels, long outChannels, int resolution, int imgChannels,
        int firstLayerIndex,
        Architecture architecture = Architecture.Resnet, double? convClamp = null,
        int freezeLayers = 0) : base(nameof(DiscriminatorBlock))
    {
        if (inChannels != 0 && inChannels != tmpChannels)
            throw new ArgumentException("discriminator block: in_channels must be 0 or tmp_channels");
        InChannels = inChannels;
        Resolution = resolution;
        ImgChannels = imgChannels;
        Architecture = architecture;
        FirstLayerIndex = firstLayerIndex;
        resample_filter = ModuleTensors.Buffer(Resampling.NewFilter());
        register_buffer("resample_filter", resample_filter);
        bool Trainable() => firstLayerIndex + NumLayers++ >= freezeLayers;

        if (inChannels == 0 || architecture == Architecture.Skip)
        {
            fromrgb = new Conv2dLayer(imgChannels, tmpChannels, 1, activation: Activation.LRelu, convClamp: convClamp,
                trainable: Trainable());
            register_module("fromrgb", fromrgb);
        }
        conv0 = new Conv2dLayer(tmpChannels, tmpChannels, 3, activation: Activation.LRelu, convClamp: convClamp,
            trainable: Trainable());
        register_module("conv0", conv0);
        conv1 = new Conv2dLayer(tmpChannels, outChannels, 3, activation: Activation.LRelu, down: 2,
            convClamp: convClamp, trainable: Trainable());
        register_module("conv1", conv1);
        if (architecture == Architecture.Resnet)
        {
            skip = new Conv2dLayer(tmpChannels, outChannels, 1, bias: false, down: 2, trainable: Trainable());
            register_module("skip", skip);
        }
    }

    public (Tensor X, Tensor? Img) forward(Tensor? x, Tensor? img)
    {
        var type = Reduced ?? conv0.weight.dtype;
        x = x?.to(type);
        img = img?.to(type);
        if (InChannels == 0 || Architecture == Architecture.Skip)
        {
            if (img is null || img.dim() != 4 || img.shape[1] != ImgChannels || img.shape[2] != Resolution
                || img.shape[3] != Resolution)
                throw new ArgumentException($"discriminator block {Resolution}: expected images [N, {ImgChannels}, " +
                                            $"{Resolution}, {Resolution}], got " +
                                            $"{(img is null ? "none" : $"[{string.Join(", ", img.shape)}]")}");
            var y = fromrgb!.forward(img);
            x = x is null ? y : x + y;
            img = Architecture == Architecture.Skip ? Resampling.Downsample2x(img, resample_filter) : null;
        }
        if (x is null)
            throw new ArgumentException($"discriminator block {Resolution} needs the previous block's features");

        if (Architecture == Architecture.Resnet)
        {
            var y = skip!.forward(x, gain: Math.Sqrt(0.5));
            x = conv0.forward(x);
            x = conv1.forward(x, gain: Math.Sqrt(0.5));
            x = y + x;
        }
        else
        {
            x = conv0.forward(x);
            x = conv1.forward(x);
        }
        return (x, img);
    }
}
