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
