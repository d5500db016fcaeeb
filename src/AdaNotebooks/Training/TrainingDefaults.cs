using AdaNotebooks.Networks;

namespace AdaNotebooks.Training;

/// <summary>The training hyperparameters that come with a configuration (ADA-SPEC 3): batch, Adam learning rate,
/// R1 gamma, G_ema half-life (kimg) and its ramp-up, path-length weight, style-mixing probability and how many of
/// the highest resolutions run in reduced precision when it is on (the reference's num_fp16_res, 4 in every one of
/// its configurations). <see cref="RunConfig.Resolve"/> starts from these and applies the options given.</summary>
public sealed record TrainingDefaults(int Batch, double LearningRate, double Gamma, double EmaKimg, double? EmaRampup,
    double PlWeight, double StyleMixing, int MixedRes = 4)
{
    /// <summary>cifar (reference: 2 GPUs, batch 64): lr 0.0025, gamma 0.01, ema 500 kimg, ramp 0.05, no path
    /// length, no style mixing.</summary>
    public static TrainingDefaults Cifar() => new(64, 0.0025, 0.01, 500, 0.05, 0, 0);

    /// <summary>auto: batch max(min(gpus min(4096 / res, 32), 64), gpus), lr 0.0025 (0.002 from 1024),
    /// gamma 0.0002 res^2 / batch, ema batch * 10 / 32 kimg, ramp 0.05, path length 2, mixing 0.9.</summary>
    public static TrainingDefaults Auto(int resolution, int gpus = 1)
    {
        int batch = NetworkConfig.AutoBatch(resolution, gpus);
        return new(batch, resolution >= 1024 ? 0.002 : 0.0025, 0.0002 * resolution * resolution / batch,
            batch * 10.0 / 32, 0.05, 2, 0.9);
    }

    /// <summary>cpu and small: the auto hyperparameters at batch 32 (gamma 0.0002 res^2 / 32), without path-length
    /// regularisation: at these sizes the extra G pass every 4 minibatches costs about a fifth of a step, and the
    /// regulariser's purpose (a smooth W for projection and interpolation) is not what CPU runs are for.
    /// `--pl-weight 2` turns it on.</summary>
    public static TrainingDefaults Cpu(int resolution = 32)
        => new(32, 0.0025, 0.0002 * resolution * resolution / 32, 10, 0.05, 0, 0.9);

    public static TrainingDefaults Preset(string name, int resolution) => name.Trim().ToLowerInvariant() switch
    {
        "cifar" => Cifar(),
        "auto" => Auto(resolution),
        "cpu" or "small" => Cpu(resolution),
        _ => throw new ArgumentException(
            $"unknown configuration '{name}' (expected {string.Join(", ", NetworkConfig.PresetNames)})"),
    };

    /// <summary>What each configuration uses at 32x32, for help texts: "at 32x32: cpu/small 32, cifar 64, auto 32".
    /// </summary>
    public static string Describe(Func<TrainingDefaults, string> value) =>
        $"at 32x32: cpu/small {value(Cpu())}, cifar {value(Cifar())}, auto {value(Auto(32))}";
}
