using AdaNotebooks.Training;

namespace AdaNotebooks.Experiments;

/// <summary>One measurement of the leak during a run: after <paramref name="Kimg"/> thousand reals, with p at
/// <paramref name="P"/>, the share of G_ema's images called rotated and the share called inverted (NaN when that
/// probe is not part of the study); the gated reading beside them (<see cref="OrientationReading"/>: the share called
/// rotated among the judged images, the share judged, the equivariance) and the share wider than tall.</summary>
public sealed record LeakPoint(double Kimg, double P, double Rotated, double Inverted,
    double RotatedJudged = double.NaN, double Judged = double.NaN, double Equivariance = double.NaN,
    double Wide = double.NaN)
{
    /// <summary>The leak of <paramref name="op"/>: for rotate90 the gated share where the gate was applied (NaN when
    /// it judged no image), the share over all images for readings made without it.</summary>
    public double LeakOf(string op) => op == "rotate90" ? double.IsNaN(Judged) ? Rotated : RotatedJudged : Inverted;

    /// <summary>A run's leak trajectory: its ticks that measured the leak (<see cref="LeakProbes.Metrics"/>), those
    /// before a resume included.</summary>
    public static List<LeakPoint> Trajectory(IEnumerable<TrainingProgress> events) => events
        .Where(e => e.Metrics.ContainsKey(LeakProbes.InvertedMetric))
        .Select(e => new LeakPoint(e.Kimg, e.P, Metric(e, LeakProbes.RotatedMetric),
            e.Metrics[LeakProbes.InvertedMetric], Metric(e, LeakProbes.RotatedJudgedMetric),
            Metric(e, LeakProbes.JudgedMetric), Metric(e, LeakProbes.EquivarianceMetric),
            Metric(e, LeakProbes.WideMetric)))
        .ToList();

    static double Metric(TrainingProgress e, string name) => e.Metrics.GetValueOrDefault(name, double.NaN);
}
