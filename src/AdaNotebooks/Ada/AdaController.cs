namespace AdaNotebooks.Ada;

/// <summary>The serialisable state of an <see cref="AdaController"/>: enough to resume exactly.</summary>
public sealed record AdaControllerState(double P, double SignSum, long SignCount, double TrainSum, long TrainCount,
    double ValidationSum, long ValidationCount, double GeneratedSum, long GeneratedCount, int Minibatches,
    double? LastHeuristic)
{
    /// <summary>A controller at p with nothing observed yet.</summary>
    public static AdaControllerState Initial(double p) => new(p, 0, 0, 0, 0, 0, 0, 0, 0, 0, null);
}

/// <summary>The adaptive p controller (paper, section 3; ADA-SPEC 2). A pure object: it is fed D's raw outputs
/// (as sums and counts) and minibatch ends, and adjusts p every <see cref="AdaOptions.Interval"/> minibatches:
///   p &lt;- clamp(p + sign(h - target) * batch * interval / (ada_kimg * 1000), 0, p_max)
/// where h is r_t = E[sign(D(augmented training reals))] = 2 P(D &gt; 0) - 1, or
/// r_v = (E[D_train] - E[D_validation]) / (E[D_train] - E[D_generated]).
/// A full swing of p from 0 to 1 thus takes ada_kimg thousand real images.</summary>
public sealed class AdaController : IPSchedule
{
    public AdaOptions Options { get; }
    AdaControllerState _s;

    public AdaController(AdaOptions? options = null, AdaControllerState? state = null)
    {
        Options = options ?? new AdaOptions();
        Options.Validate();
        _s = state ?? AdaControllerState.Initial(Options.InitialP);
    }

    public double P => _s.P;

    /// <summary>The heuristic's value at the last adjustment (r_t or r_v), or null before the first.</summary>
    public double? LastHeuristic => _s.LastHeuristic;

    public AdaControllerState State => _s;

    public PScheduleKind Kind => PScheduleKind.Adaptive;

    bool IPSchedule.WantsValidation => Options.Heuristic == Ada.Heuristic.Rv;

    PScheduleState IPSchedule.State => new(Kind, P, _s);

    void IPSchedule.EndMinibatch(int batch, long nimg) => EndMinibatch(batch);

    /// <summary>The step size of one adjustment for a minibatch of <paramref name="batch"/> reals.</summary>
    public double StepSize(int batch) => batch * (double)Options.Interval / (Options.AdaKimg * 1000);

    /// <summary>D's raw outputs on the (augmented) training reals of a minibatch: their sum of signs, their sum, their
    /// count.</summary>
    public void ObserveTrainingReals(double signSum, double sum, long count) =>
        _s = _s with
        {
            SignSum = _s.SignSum + signSum,
            SignCount = _s.SignCount + count,
            TrainSum = _s.TrainSum + sum,
            TrainCount = _s.TrainCount + count,
        };

    /// <summary>D's raw outputs on validation reals (r_v only).</summary>
    public void ObserveValidation(double sum, long count) =>
        _s = _s with { ValidationSum = _s.ValidationSum + sum, ValidationCount = _s.ValidationCount + count };

    /// <summary>D's raw outputs on generated images (r_v only).</summary>
    public void ObserveGenerated(double sum, long count) =>
        _s = _s with { GeneratedSum = _s.GeneratedSum + sum, GeneratedCount = _s.GeneratedCount + count };

    /// <summary>Marks the end of a minibatch of <paramref name="batch"/> reals; every interval-th call adjusts p.
    /// Returns true when p was adjusted.</summary>
    public bool EndMinibatch(int batch)
    {
        int minibatches = _s.Minibatches + 1;
        if (minibatches < Options.Interval)
        {
            _s = _s with { Minibatches = minibatches };
            return false;
        }
        var h = Heuristic();
        double p = _s.P;
        if (h is { } value)
        {
            p = Math.Max(0, p + Math.Sign(value - Options.Target) * StepSize(batch));
            if (Options.PMax is { } cap) p = Math.Min(p, cap);
        }
        _s = new AdaControllerState(p, 0, 0, 0, 0, 0, 0, 0, 0, 0, h ?? _s.LastHeuristic);
        return h is not null;
    }

    /// <summary>The heuristic over what was observed since the last adjustment, or null if there is not
    /// enough.</summary>
    public double? Heuristic()
    {
        if (Options.Heuristic == Ada.Heuristic.Rt)
            return _s.SignCount > 0 ? _s.SignSum / _s.SignCount : null;
        if (_s.TrainCount == 0 || _s.ValidationCount == 0 || _s.GeneratedCount == 0) return null;
        double train = _s.TrainSum / _s.TrainCount, valid = _s.ValidationSum / _s.ValidationCount,
        gen = _s.GeneratedSum / _s.GeneratedCount;
        double denominator = train - gen;
        return Math.Abs(denominator) < 1e-12 ? 0 : (train - valid) / denominator;
    }
}
