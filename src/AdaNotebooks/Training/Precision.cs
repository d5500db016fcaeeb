using AdaNotebooks.Native;
using AdaNotebooks.Networks;
using static TorchSharp.torch;

namespace AdaNotebooks.Training;

/// <summary>`--precision`: what G and D compute in while training. Auto: bf16 where the start-up check finds this
/// CPU's bf16 convolutions right and faster (<see cref="ReducedPrecisionCheck"/>), else fp32.</summary>
public enum Precision { Auto, Fp32, Bf16 }

/// <summary>What a run computes in, resolved once: "fp32" or "bf16", how many of the highest resolutions of G and D
/// run reduced (the reference's num_fp16_res) and why.</summary>
public sealed record PrecisionChoice(string Type, int MixedRes, string Reason)
{
    /// <summary>The networks' setting (null: everything in float32).</summary>
    public MixedPrecision? Mixed => Type == "bf16" && MixedRes > 0 ? new MixedPrecision(ScalarType.BFloat16, MixedRes)
        : null;

    /// <summary>The choice for <paramref name="asked"/>; <paramref name="mixedRes"/> is validated with the options
    /// (<see cref="TrainingOptions.Validate"/>).</summary>
    public static PrecisionChoice Resolve(Precision asked, int mixedRes)
    {
        switch (asked)
        {
            case Precision.Fp32: return new PrecisionChoice("fp32", 0, "--precision fp32");
            case Precision.Bf16: return new PrecisionChoice("bf16", mixedRes, "--precision bf16");
            default:
                var auto = ReducedPrecisionCheck.Auto;
                return auto.Use
                    ? new PrecisionChoice("bf16", mixedRes, $"--precision auto: {auto.Note}")
                    : new PrecisionChoice("fp32", 0, $"--precision auto: {auto.Note}");
        }
    }

    public override string ToString() => Mixed is { } m ? $"{m} ({Reason})" : $"fp32 ({Reason})";
}
