using AdaNotebooks.Training;

namespace AdaNotebooks.Experiments;

/// <summary>One measurement of the leak during a run: after <paramref name="Kimg"/> thousand reals, with p at
/// <paramref name="P"/>, the share of G_ema's images called rotated and the share called inverted (NaN when that
/// probe is not part of the study).</summary>
public sealed record LeakPoint(double Kimg, double P, double Rotated, double Inverted)
{
    public double LeakOf(string op) => op == "rotate90" ? Rotated : Inverted;

    /// <summary>A run's leak trajectory: its ticks that measured the leak (<see cref="LeakProbes.Metrics"/>), those
    /// before a resume included.</summary>
    public static List<LeakPoint> Trajectory(IEnumerable<TrainingProgress> events) => events
        .Where(e => e.Metrics.ContainsKey(LeakProbes.InvertedMetric))
        .Select(e => new LeakPoint(e.Kimg, e.P, e.Metrics.GetValueOrDefault(LeakProbes.RotatedMetric, double.NaN),
            e.Metrics[LeakProbes.InvertedMetric]))
        .ToList();
}
