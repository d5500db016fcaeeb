using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaNotebooks.Networks;

/// <summary>Where the synthesis layers' per-pixel noise comes from.</summary>
public enum NoiseMode
{
    /// <summary>Fresh N(0,1) noise per sample and call (training).</summary>
    Random,
    /// <summary>The layer's fixed <c>noise_const</c> buffer (deterministic output).</summary>
    Const,
    /// <summary>No noise.</summary>
    None,
}

/// <summary>A modulated 3x3 convolution of the synthesis network (<c>conv0</c> upsamples 2x, <c>conv1</c> keeps
/// the size): styles = affine(w), modulate + demodulate, add noise * noise_strength, bias, lrelu, clamp.
/// Keys: <c>weight</c> [out, in, k, k], <c>noise_strength</c> [], <c>bias</c> [out], <c>resample_filter</c> [4, 4],
/// <c>noise_const</c> [r, r], <c>affine.weight</c> [in, w_dim], <c>affine.bias</c> [in].</summary>
public sealed class SynthesisLayer : nn.Module
{
    public readonly FullyConnectedLayer affine;
    public readonly Parameter weight;
    public readonly Parameter? noise_strength;
    public readonly Parameter bias;
    public readonly Tensor resample_filter;
    public readonly Tensor? noise_const;

    public long InChannels { get; }
    public long OutChannels { get; }
    public int Resolution { get; }
    public int Up { get; }
    public double? ConvClamp { get; }
    public int KernelSize { get; }

    public SynthesisLayer(long inChannels, long outChannels, long wDim, int resolution, int kernelSize = 3, int up = 1,
        bool useNoise = true, double? convClamp = null) : base(nameof(SynthesisLayer))
    {
        InChannels = inChannels;
        OutChannels = outChannels;
        Resolution = resolution;
        Up = up;
        ConvClamp = convClamp;
        KernelSize = kernelSize;
        resample_filter = ModuleTensors.Buffer(Resampling.NewFilter());
        register_buffer("resample_filter", resample_filter);
        affine = new FullyConnectedLayer(wDim, inChannels, biasInit: 1);
        register_module("affine", affine);
        weight = ModuleTensors.NewParameter(randn(outChannels, inChannels, kernelSize, kernelSize));
        register_parameter("weight", weight);
        if (useNoise)
        {
            noise_const = ModuleTensors.Buffer(randn(resolution, resolution));
            register_buffer("noise_const", noise_const);
            noise_strength = ModuleTensors.NewParameter(zeros(Array.Empty<long>()));
            register_parameter("noise_strength", noise_strength);
        }
        bias = ModuleTensors.NewParameter(zeros(outChannels));
        register_parameter("bias", bias);
    }

    public Tensor forward(Tensor x, Tensor w, NoiseMode noiseMode = NoiseMode.Random, double gain = 1)
    {
        int inResolution = Resolution / Up;
        if (x.dim() != 4 || x.shape[1] != InChannels || x.shape[2] != inResolution || x.shape[3] != inResolution)
            throw new ArgumentException($"synthesis layer at {Resolution}: expected [N, {InChannels}, " +
                                        $"{inResolution}, {inResolution}], got [{string.Join(", ", x.shape)}]");
        var styles = affine.forward(w);
        double g = BiasAct.FoldedGain(Activation.LRelu, gain);
        x = ModulatedConv2d.Apply(x, weight, styles, demodulate: true, up: Up, padding: KernelSize / 2,
            filter: resample_filter, bias: bias, gain: g);
        if (noise_strength is not null && noiseMode != NoiseMode.None)
        {
            // Random noise is drawn in the master weights' type and cast, as the reference does: the same draws at
            // every precision. x + noise * strength as one addcmul.
            var noise = noiseMode == NoiseMode.Random
                ? randn([x.shape[0], 1, Resolution, Resolution], dtype: noise_strength.dtype, device: x.device)
                : noise_const!;
            x = addcmul(x, noise.to(x.dtype), (noise_strength * g).to(x.dtype), 1);
        }
        double? clamp = ConvClamp is double c ? c * gain : null;
        return BiasAct.Apply(x, null, Activation.LRelu, 1, clamp);
    }
}
