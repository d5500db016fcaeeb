using static TorchSharp.torch;

namespace AdaNotebooks.Networks;

/// <summary>The discriminator's last block (<c>b4</c>): ('skip': fromrgb added), minibatch std, <c>conv</c> 3x3
/// (C4 + 1 -> C4), flatten, <c>fc</c> C4*16 -> C4, <c>out</c> C4 -> 1 (or cmap_dim, projected onto the label
/// embedding: sum(out * cmap) / sqrt(cmap_dim)).</summary>
public sealed class DiscriminatorEpilogue : nn.Module
{
    public readonly Conv2dLayer? fromrgb;
    public readonly MinibatchStdLayer? mbstd;
    public readonly Conv2dLayer conv;
    public readonly FullyConnectedLayer fc;
    public readonly FullyConnectedLayer @out;

    public long InChannels { get; }
    public long CmapDim { get; }
    public int Resolution { get; }
    public int ImgChannels { get; }
    public Architecture Architecture { get; }

    public DiscriminatorEpilogue(long inChannels, long cmapDim, int resolution, int imgChannels,
        Architecture architecture = Architecture.Resnet,
        int? mbstdGroupSize = 4, int mbstdNumChannels = 1,
        double? convClamp = null) : base(nameof(DiscriminatorEpilogue))
    {
        InChannels = inChannels;
        CmapDim = cmapDim;
        Resolution = resolution;
        ImgChannels = imgChannels;
        Architecture = architecture;
        if (architecture == Architecture.Skip)
        {
            // As in the reference, the epilogue's fromrgb has no clamp.
            fromrgb = new Conv2dLayer(imgChannels, inChannels, 1, activation: Activation.LRelu);
            register_module("fromrgb", fromrgb);
        }
        if (mbstdNumChannels > 0)
        {
            mbstd = new MinibatchStdLayer(mbstdGroupSize, mbstdNumChannels);
            register_module("mbstd", mbstd);
        }
        conv = new Conv2dLayer(inChannels + mbstdNumChannels, inChannels, 3, activation: Activation.LRelu,
            convClamp: convClamp);
        register_module("conv", conv);
        fc = new FullyConnectedLayer(inChannels * resolution * resolution, inChannels, activation: Activation.LRelu);
        register_module("fc", fc);
        @out = new FullyConnectedLayer(inChannels, cmapDim == 0 ? 1 : cmapDim);
        register_module("out", @out);
    }

    public Tensor forward(Tensor x, Tensor? img, Tensor? cmap)
    {
        if (x.dim() != 4 || x.shape[1] != InChannels || x.shape[2] != Resolution || x.shape[3] != Resolution)
            throw new ArgumentException($"discriminator epilogue: expected [N, {InChannels}, {Resolution}, " +
                                        $"{Resolution}], got [{string.Join(", ", x.shape)}]");
        x = x.to(conv.weight.dtype);   // the epilogue runs in the master weights' type, as in the reference
        if (fromrgb is not null)
        {
            if (img is null) throw new ArgumentException("discriminator epilogue ('skip') needs the downsampled image");
            x = x + fromrgb.forward(img.to(conv.weight.dtype));
        }
        if (mbstd is not null) x = mbstd.forward(x);
        x = conv.forward(x);
        x = fc.forward(x.flatten(1));
        x = @out.forward(x);
        if (CmapDim > 0)
        {
            if (cmap is null || cmap.dim() != 2 || cmap.shape[1] != CmapDim)
                throw new ArgumentException($"discriminator epilogue: expected cmap [N, {CmapDim}]");
            x = (x * cmap).sum([1], keepdim: true) * (1 / Math.Sqrt(CmapDim));
        }
        return x;
    }
}
