using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace AdaNotebooks.Networks;

/// <summary>The activations the networks use.</summary>
public enum Activation
{
    /// <summary>Identity, default gain 1.</summary>
    Linear,
    /// <summary>Leaky ReLU with slope 0.2, default gain sqrt(2).</summary>
    LRelu,
}

/// <summary>bias_act: y = clamp(act(x + b) * gain, -clamp, clamp), the reference's fused bias + activation,
/// written with differentiable built-ins (double backward works).</summary>
public static class BiasAct
{
    public const double LReluSlope = 0.2;

    /// <summary>The gain that keeps the activation's output variance: sqrt(2) for lrelu, 1 for linear.</summary>
    public static double DefaultGain(Activation act) => act == Activation.LRelu ? Math.Sqrt(2) : 1;

    /// <summary>The factor a layer folds into its weights and bias instead of multiplying its output: lrelu and linear
    /// are positively homogeneous, act(x + b) * g = act(g x + g b) for g > 0, so the output gain (the activation's
    /// default gain times <paramref name="gain"/>) costs an op on the small weight, not on the activations.</summary>
    public static double FoldedGain(Activation act, double gain)
    {
        double g = DefaultGain(act) * gain;
        if (!(g > 0)) throw new ArgumentOutOfRangeException(nameof(gain), gain, "a layer's gain must be positive");
        return g;
    }

    /// <summary>Adds <paramref name="b"/> along dimension 1, applies <paramref name="act"/>, multiplies by
    /// <paramref name="gain"/> (the activation's default gain when null) and clamps to +-<paramref name="clamp"/>
    /// when set.</summary>
    public static Tensor Apply(Tensor x, Tensor? b, Activation act, double? gain = null, double? clamp = null)
    {
        if (b is not null)
        {
            var shape = Enumerable.Repeat(1L, (int)x.dim()).ToArray();
            shape[1] = -1;
            x = x + b.to(x.dtype).view(shape);
        }
        if (act == Activation.LRelu) x = F.leaky_relu(x, LReluSlope);
        double g = gain ?? DefaultGain(act);
        if (g != 1) x = x * g;
        if (clamp is double c) x = x.clamp(-c, c);
        return x;
    }
}
