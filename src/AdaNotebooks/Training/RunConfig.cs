using AdaNotebooks.Ada;
using AdaNotebooks.Networks;

namespace AdaNotebooks.Training;

/// <summary>A run's configuration with every default resolved, once: the networks, the hyperparameters and the
/// p schedule. The trainer reads only this; options.json and the report show it.</summary>
/// <param name="Options">What was asked for (nullable values mean "the configuration's").</param>
/// <param name="Network">The networks' configuration.</param>
/// <param name="Hyper">Batch, learning rate, gamma, EMA, path length and mixing after applying the options.</param>
/// <param name="Schedule">How p moves.</param>
/// <param name="Transfer">Starting from another run's or an imported snapshot (ada_kimg defaults to 100).</param>
/// <param name="Precision">What G and D compute in (`--precision auto` decided by this machine's start-up
/// check).</param>
public sealed record RunConfig(TrainingOptions Options, NetworkConfig Network, TrainingDefaults Hyper,
    PScheduleSettings Schedule, bool Transfer, PrecisionChoice Precision)
{
    /// <summary>Applies the options to the defaults of <paramref name="network"/>'s configuration.</summary>
    public static RunConfig Resolve(TrainingOptions options, NetworkConfig network, bool transfer = false)
    {
        options.Validate();
        var preset = NetworkConfig.PresetNames.Contains(network.Name) ? network.Name : options.Config;
        var d = TrainingDefaults.Preset(preset, network.Resolution);
        var hyper = d with
        {
            Batch = options.Batch ?? d.Batch,
            LearningRate = options.LearningRate ?? d.LearningRate,
            Gamma = options.Gamma ?? d.Gamma,
            EmaKimg = options.EmaKimg ?? d.EmaKimg,
            EmaRampup = options.EmaRampup ?? d.EmaRampup,
            PlWeight = options.PlWeight ?? d.PlWeight,
            StyleMixing = options.StyleMixing ?? d.StyleMixing,
            MixedRes = options.MixedRes ?? d.MixedRes,
        };
        if (hyper.Batch % Math.Min(network.MbstdGroup, hyper.Batch) != 0)
            throw new ArgumentException($"--batch {hyper.Batch} must be divisible by the minibatch-std group size " +
                                        $"{network.MbstdGroup}");
        return new RunConfig(options, network, hyper, ResolveSchedule(options, transfer), transfer,
            PrecisionChoice.Resolve(options.Precision, hyper.MixedRes));
    }

    /// <summary>The p schedule an augmentation mode means: ada -> adaptive (target 0.6 for r_t, 0.5 for r_v;
    /// ada_kimg 500, 100 when fine-tuning), fixed and bcr -> fixed p, ramp -> 0 to p over ramp_kimg,
    /// noaug -> p = 0, diffaug -> p = 1 (always on).</summary>
    public static PScheduleSettings ResolveSchedule(TrainingOptions o, bool transfer) => o.Augment switch
    {
        AugmentMode.Ada => PScheduleSettings.Adaptive(new AdaOptions
        {
            Heuristic = o.Heuristic,
            Target = o.Target ?? (o.Heuristic == Heuristic.Rv ? 0.5 : 0.6),
            Interval = o.AdaInterval,
            AdaKimg = o.AdaKimg ?? (transfer ? 100 : 500),
            InitialP = o.P,
            PMax = o.PMax,
        }),
        AugmentMode.Ramp => PScheduleSettings.Ramp(o.P, o.RampKimg ?? 0),
        AugmentMode.NoAug => PScheduleSettings.Fixed(0),
        AugmentMode.DiffAug => PScheduleSettings.Fixed(1),
        _ => PScheduleSettings.Fixed(o.P),
    };

    public int Batch => Hyper.Batch;
}
