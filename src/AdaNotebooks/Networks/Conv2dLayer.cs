using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaNotebooks.Networks;

/// <summary>A convolution with equalised learning rate (weight N(0,1) used as W / sqrt(in k k), bias zeros),
/// optional 2x up/downsampling, then bias_act with an optional output clamp. Keys: <c>weight</c>,
/// <c>bias</c> (unless bias: false), <c>resample_filter</c> (a buffer, always present as in the reference).
/// A non-trainable layer (Freeze-D) keeps the same keys; its tensors just do not require gradients.</summary>
public sealed class Conv2dLayer : nn.Module
{
    public readonly Parameter weight;
    public readonly Parameter? bias;
    public readonly Tensor resample_filter;

    public long InChannels { get; }
    public long OutChannels { get; }
    public int KernelSize { get; }
    public Activation Activation { get; }
    public int Up { get; }
    public int Down { get; }
    public double? ConvClamp { get; }
    public double WeightGain { get; }

    public Conv2dLayer(long inChannels, long outChannels, int kernelSize, bool bias = true,
        Activation activation = Activation.Linear,
        int up = 1, int down = 1, double? convClamp = null, bool trainable = true) : base(nameof(Conv2dLayer))
    {
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Activation = activation;
        Up = up;
        Down = down;
        ConvClamp = convClamp;
        WeightGain = 1 / Math.Sqrt(inChannels * kernelSize * kernelSize);
        resample_filter = ModuleTensors.Buffer(Resampling.NewFilter());
        register_buffer("resample_filter", resample_filter);
        weight = ModuleTensors.NewParameter(randn(outChannels, inChannels, kernelSize, kernelSize),
            requiresGrad: trainable);
        register_parameter("weight", weight);
        if (bias)
        {
            this.bias = ModuleTensors.NewParameter(zeros(outChannels), requiresGrad: trainable);
            register_parameter("bias", this.bias);
        }
    }

    /// <summary>The layer; <paramref name="gain"/> multiplies both the activation gain and the clamp.</summary>
    public Tensor forward(Tensor x, double gain = 1)
    {
        double g = BiasAct.FoldedGain(Activation, gain);
        var w = (weight * (WeightGain * g)).to(x.dtype);   // float32 master weight, cast per layer
        var b = bias is null ? null : g == 1 ? bias.to(x.dtype) : (bias * g).to(x.dtype);
        x = Conv2dResample.Apply(x, w, resample_filter, Up, Down, padding: KernelSize / 2, bias: b);
        double? clamp = ConvClamp is double c ? c * gain : null;
        return BiasAct.Apply(x, null, Activation, 1, clamp);
    }
}
