using static TorchSharp.torch;

namespace AdaNotebooks.Networks;

/// <summary>The reference's mixed precision (num_fp16_res), with bfloat16 on the CPU: the blocks of G's synthesis
/// network and of D at the <see cref="NumRes"/> highest resolutions compute in <see cref="Reduced"/>. The master
/// weights stay float32 and each layer casts them to its input's type as it runs; the mapping network, D's epilogue,
/// G's running image (toRGB outputs are added in float32), the losses and everything the optimisers, EMA and
/// snapshots see stay float32. bfloat16 keeps float32's exponent range, so the reference's fp16 guards against
/// overflow (pre-normalised styles) are not needed; conv_clamp still bounds every convolution's output.</summary>
/// <param name="Reduced">The reduced type (bfloat16; float16 on CUDA).</param>
/// <param name="NumRes">How many of the highest resolutions run reduced (0: none).</param>
public sealed record MixedPrecision(ScalarType Reduced, int NumRes)
{
    /// <summary>The lowest resolution that runs reduced: max(2^(log2 R + 1 - NumRes), 8), as the reference's
    /// fp16_resolution (so the 4x4 block and D's epilogue never do).</summary>
    public int FromResolution(int resolution) =>
        NumRes <= 0 ? int.MaxValue : Math.Max(1 << Math.Max((int)Math.Log2(resolution) + 1 - NumRes, 0), 8);

    /// <summary>The reduced type a block at <paramref name="blockResolution"/> of a network for
    /// <paramref name="resolution"/> computes in; null: the master weights' type.</summary>
    public ScalarType? For(int blockResolution, int resolution) =>
        blockResolution >= FromResolution(resolution) ? Reduced : null;

    public override string ToString() =>
        NumRes <= 0
            ? "fp32"
            : $"{(Reduced == ScalarType.Float16 ? "fp16" : "bf16")} at the {NumRes} highest resolutions";
}
