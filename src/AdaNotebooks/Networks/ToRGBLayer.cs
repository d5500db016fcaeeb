using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaNotebooks.Networks;

/// <summary>toRGB: a modulated 1x1 convolution WITHOUT demodulation, styles = affine(w) / sqrt(in k k), then
/// bias (linear) and the clamp. Keys: <c>weight</c> [img_channels, in, 1, 1], <c>bias</c>, <c>affine.*</c>.</summary>
public sealed class ToRGBLayer : nn.Module
{
    public readonly FullyConnectedLayer affine;
    public readonly Parameter weight;
    public readonly Parameter bias;

    public double? ConvClamp { get; }
    public double WeightGain { get; }

    public ToRGBLayer(long inChannels, long outChannels, long wDim, int kernelSize = 1,
        double? convClamp = null) : base(nameof(ToRGBLayer))
    {
        ConvClamp = convClamp;
        WeightGain = 1 / Math.Sqrt(inChannels * kernelSize * kernelSize);
        affine = new FullyConnectedLayer(wDim, inChannels, biasInit: 1);
        register_module("affine", affine);
        weight = ModuleTensors.NewParameter(randn(outChannels, inChannels, kernelSize, kernelSize));
        register_parameter("weight", weight);
        bias = ModuleTensors.NewParameter(zeros(outChannels));
        register_parameter("bias", bias);
    }

    public Tensor forward(Tensor x, Tensor w)
    {
        var styles = affine.forward(w) * WeightGain;
        x = ModulatedConv2d.Apply(x, weight, styles, demodulate: false, padding: (int)weight.shape[2] / 2,
            bias: bias);
        return BiasAct.Apply(x, null, Activation.Linear, 1, ConvClamp);
    }
}
