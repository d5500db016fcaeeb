using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaNotebooks.Networks;

/// <summary>A fully connected layer with equalised learning rate: the weight [out, in] is stored as N(0,1) /
/// lr_mul and used as W * lr_mul / sqrt(in); the bias is stored as bias_init and used as b * lr_mul.
/// State-dict keys: <c>weight</c>, <c>bias</c>.</summary>
public sealed class FullyConnectedLayer : nn.Module
{
    public readonly Parameter weight;
    public readonly Parameter? bias;

    public long InFeatures { get; }
    public long OutFeatures { get; }
    public Activation Activation { get; }
    public double WeightGain { get; }
    public double BiasGain { get; }

    public FullyConnectedLayer(long inFeatures, long outFeatures, bool bias = true,
        Activation activation = Activation.Linear,
        double lrMultiplier = 1, double biasInit = 0) : base(nameof(FullyConnectedLayer))
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Activation = activation;
        WeightGain = lrMultiplier / Math.Sqrt(inFeatures);
        BiasGain = lrMultiplier;
        weight = ModuleTensors.NewParameter(randn(outFeatures, inFeatures).div_(lrMultiplier));
        register_parameter("weight", weight);
        if (bias)
        {
            this.bias = ModuleTensors.NewParameter(full(outFeatures, biasInit, dtype: float32));
            register_parameter("bias", this.bias);
        }
    }

    public Tensor forward(Tensor x)
    {
        double g = BiasAct.FoldedGain(Activation, 1);
        var w = weight * (WeightGain * g);
        var b = bias is null ? null : BiasGain * g != 1 ? bias * (BiasGain * g) : (Tensor)bias;
        var y = b is null ? x.matmul(w.t()) : addmm(b.unsqueeze(0), x, w.t(), 1, 1);
        return BiasAct.Apply(y, null, Activation, 1);
    }
}
