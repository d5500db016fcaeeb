using AdaNotebooks.Augmentation;

namespace AdaNotebooks.Ada;

/// <summary>How p moves during training. <see cref="Adaptive"/>: the paper's controller (r_t or r_v against a
/// target); <see cref="Fixed"/>: constant; <see cref="Ramp"/>: linear from p0 to p1 over ramp_kimg, then
/// constant.</summary>
public enum PScheduleKind { Adaptive, Fixed, Ramp }

/// <summary>The owner of p during a run. The augmentation reads p from it, the trainer feeds it D's outputs and
/// minibatch ends, and the training state serialises it from <see cref="State"/>.</summary>
public interface IPSchedule : IPSource
{
    PScheduleKind Kind { get; }

    /// <summary>The overfitting heuristic at the last adjustment, for schedules that compute one.</summary>
    double? LastHeuristic => null;

    /// <summary>Whether <see cref="ObserveValidation"/> and <see cref="ObserveGenerated"/> are wanted (r_v).</summary>
    bool WantsValidation => false;

    /// <summary>D's raw outputs on the (augmented) training reals of a minibatch: sum of signs, sum, count.</summary>
    void ObserveTrainingReals(double signSum, double sum, long count) { }

    void ObserveValidation(double sum, long count) { }

    void ObserveGenerated(double sum, long count) { }

    /// <summary>The end of a minibatch of <paramref name="batch"/> reals, after which <paramref name="nimg"/> reals
    /// have been shown in total.</summary>
    void EndMinibatch(int batch, long nimg);

    /// <summary>Everything needed to continue exactly.</summary>
    PScheduleState State { get; }
}

/// <summary>The serialised state of a p schedule: its kind, p, and the controller's accumulators when
/// adaptive.</summary>
public sealed record PScheduleState(PScheduleKind Kind, double P, AdaControllerState? Controller = null);

/// <summary>A resolved p schedule: which kind, and its parameters.</summary>
/// <param name="P">The constant p (fixed), the final p1 (ramp) or the initial p (adaptive).</param>
/// <param name="RampStart">p0 of a ramp.</param>
/// <param name="RampKimg">kimg over which a ramp goes from p0 to p1.</param>
/// <param name="Ada">The controller's settings (adaptive only).</param>
public sealed record PScheduleSettings(PScheduleKind Kind, double P, double RampStart = 0, double RampKimg = 0,
    AdaOptions? Ada = null)
{
    public static PScheduleSettings Fixed(double p) => new(PScheduleKind.Fixed, p);

    public static PScheduleSettings Ramp(double p1, double kimg, double p0 = 0) => new(PScheduleKind.Ramp, p1, p0,
        kimg);

    public static PScheduleSettings Adaptive(AdaOptions ada) => new(PScheduleKind.Adaptive, ada.InitialP, Ada: ada);

    public void Validate()
    {
        if (!(P >= 0 && double.IsFinite(P))) throw new ArgumentException($"--p must be >= 0, got {P}");
        if (Kind == PScheduleKind.Ramp && !(RampKimg > 0))
            throw new ArgumentException($"--ramp-kimg must be > 0, got {RampKimg}");
        if (Kind == PScheduleKind.Ramp && !(RampStart >= 0 && double.IsFinite(RampStart)))
            throw new ArgumentException($"the ramp's start p must be >= 0, got {RampStart}");
        if (Kind == PScheduleKind.Adaptive)
            (Ada ?? throw new ArgumentException("an adaptive schedule needs ADA settings")).Validate();
    }

    /// <summary>A new schedule, or one continuing from <paramref name="state"/>, after <paramref name="nimg"/>
    /// reals.</summary>
    public IPSchedule Create(PScheduleState? state = null, long nimg = 0)
    {
        Validate();
        if (state is not null && state.Kind != Kind)
            throw new ArgumentException($"cannot continue a {state.Kind} p schedule as {Kind}");
        return Kind switch
        {
            PScheduleKind.Fixed => new FixedPSchedule(P),
            PScheduleKind.Ramp => new RampPSchedule(RampStart, P, RampKimg, RampPSchedule.At(RampStart, P, RampKimg,
                nimg)),
            _ => new AdaController(Ada, state?.Controller
                ?? (state is null ? null : AdaControllerState.Initial(state.P))),
        };
    }

    /// <summary>One line for logs and reports.</summary>
    public string Describe() => Kind switch
    {
        PScheduleKind.Fixed => $"fixed p = {P:0.###}",
        PScheduleKind.Ramp => $"p ramped from {RampStart:0.###} to {P:0.###} over {RampKimg:0.###} kimg",
        _ => $"adaptive p ({(Ada!.Heuristic == Heuristic.Rv ? "r_v" : "r_t")} target {Ada.Target:0.###}, " +
             $"ada_kimg {Ada.AdaKimg:0.###}{(Ada.PMax is { } cap ? $", cap {cap:0.###}" : "")}) from " +
             $"{Ada.InitialP:0.###}",
    };
}

/// <summary>p held constant.</summary>
public sealed class FixedPSchedule(double p) : IPSchedule
{
    public PScheduleKind Kind => PScheduleKind.Fixed;
    public double P { get; } = p;
    public void EndMinibatch(int batch, long nimg) { }
    public PScheduleState State => new(Kind, P);
}

/// <summary>p rises (or falls) linearly from p0 to p1 over the first <c>kimg</c> thousand reals, then stays at p1:
/// p(n) = p0 + (p1 - p0) min(1, n / (1000 kimg)). A function of the images shown, so resuming is exact.</summary>
public sealed class RampPSchedule(double p0, double p1, double kimg, double p) : IPSchedule
{
    public PScheduleKind Kind => PScheduleKind.Ramp;
    public double P { get; private set; } = p;
    public double P0 { get; } = p0;
    public double P1 { get; } = p1;
    public double Kimg { get; } = kimg;

    public static double At(double p0, double p1, double kimg, long nimg) => p0 +
        (p1 - p0) * Math.Min(1, nimg / (kimg * 1000));

    public void EndMinibatch(int batch, long nimg) => P = At(P0, P1, Kimg, nimg);

    public PScheduleState State => new(Kind, P);
}
