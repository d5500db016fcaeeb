using static TorchSharp.torch;

namespace AdaNotebooks.Networks;

/// <summary>How a modulated convolution is executed. Both give the same function (up to float rounding).</summary>
public enum ModulatedConvFormulation
{
    /// <summary>The reference's fused path: per-sample weights W[o,i] s[n,i] d[n,o] and ONE grouped convolution
    /// over the batch (groups = N).</summary>
    Grouped,
    /// <summary>Scale the activations by s, convolve with the shared weight (an ordinary batched convolution),
    /// scale the outputs by d, with d[n,o] = rsqrt(sum_i s[n,i]^2 sum_kk W[o,i,k,k]^2 + 1e-8) as one matmul.
    /// The reference runs this path (fused_modconv = false) while training.</summary>
    Split,
}

/// <summary>StyleGAN2's modulated (and optionally demodulated) convolution.</summary>
public static class ModulatedConv2d
{
    /// <summary>The formulation the synthesis layers use (Split: faster on the CPU, see the networks notes).</summary>
    public static ModulatedConvFormulation DefaultFormulation { get; set; } = ModulatedConvFormulation.Split;

    /// <summary>x [N, I, H, W], weight [O, I, k, k], styles [N, I]: y = conv(x, W') with W'[n,o,i] = W[o,i] s[n,i],
    /// demodulated by d[n,o] = rsqrt(sum_{i,kh,kw} W'^2 + 1e-8) when <paramref name="demodulate"/>. The weight's
    /// equalised-lr gain is not applied: demodulation makes it irrelevant (ToRGB folds it into the styles). The
    /// convolution runs in x's type; styles and d are computed from the float32 weight and cast. The result is
    /// <paramref name="gain"/> * (y + <paramref name="bias"/>): the gain scales d (or the styles) and the bias [O],
    /// and the bias is added by the last op (the convolution, or y * d as one addcmul).</summary>
    public static Tensor Apply(Tensor x, Tensor weight, Tensor styles, bool demodulate = true, int up = 1,
        int padding = 0, Tensor? filter = null, ModulatedConvFormulation? formulation = null, Tensor? bias = null,
        double gain = 1)
    {
        long n = x.shape[0];
        long o = weight.shape[0], i = weight.shape[1], kh = weight.shape[2], kw = weight.shape[3];
        if (x.shape[1] != i || styles.shape[0] != n || styles.shape[1] != i)
            throw new ArgumentException($"modulated conv: x [{string.Join(", ", x.shape)}], weight " +
                                        $"[{string.Join(", ", weight.shape)}] and styles " +
                                        $"[{string.Join(", ", styles.shape)}] do not fit");

        if ((formulation ?? DefaultFormulation) == ModulatedConvFormulation.Split)
        {
            var b = Scaled(bias, gain)?.to(x.dtype);
            if (!demodulate) styles = Scaled(styles, gain)!;
            x = x * styles.to(x.dtype).reshape(n, -1, 1, 1);
            x = Conv2dResample.Apply(x, weight.to(x.dtype), filter, up: up, padding: padding,
                bias: demodulate ? null : b);
            if (!demodulate) return x;
            var dcoefs = styles.square().matmul(weight.square().sum([2, 3]).t()).add(1e-8).rsqrt(); // [N, O], fp32
            var d = Scaled(dcoefs, gain)!.to(x.dtype).reshape(n, -1, 1, 1);
            return b is null ? x * d : addcmul(b.view(1, -1, 1, 1), x, d, 1);
        }

        var w = weight.unsqueeze(0) * styles.reshape(n, 1, -1, 1, 1); // [N, O, I, k, k]
        if (demodulate)
        {
            var d = w.square().sum([2, 3, 4]).add(1e-8).rsqrt(); // [N, O]
            w = w * Scaled(d, gain)!.reshape(n, -1, 1, 1, 1);
        }
        else w = Scaled(w, gain)!;
        var y = Conv2dResample.Apply(x.reshape(1, n * i, x.shape[2], x.shape[3]),
            w.to(x.dtype).reshape(n * o, i, kh, kw), filter,
            up: up, padding: padding, groups: n, bias: Scaled(bias, gain)?.to(x.dtype).repeat(n));
        return y.reshape(n, o, y.shape[2], y.shape[3]);
    }

    static Tensor? Scaled(Tensor? t, double gain) => t is null || gain == 1 ? t : t * gain;
}
