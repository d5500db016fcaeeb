namespace AdaNotebooks.Experiments;

/// <summary>G after <paramref name="Step"/> steps: its total variation from the data and its mass on the data's
/// rotated versions.</summary>
public sealed record LeakToyPoint(int Step, double Tv, double Rotated);

/// <summary>A finished toy run: its trajectory, G's final distribution over the 512 states and what the analysis
/// predicts for the rotated share at p = 1.</summary>
/// <param name="PredictedRotatedAtOne">At p = 1 D sees only T x, the same for every orientation of a glyph, so G's
/// mass within an orbit cannot move: what G's start puts on an orbit's rotated members, weighted by the data
/// (3/4 for rotate90, 1/2 for xflip and lumaflip from the uniform start).</param>
public sealed record LeakToyRun(LeakToyOptions Options, IReadOnlyList<LeakToyPoint> Trajectory,
    double[] Distribution, double PredictedRotatedAtOne, double Seconds)
{
    public double Tv => Trajectory[^1].Tv;
    public double Rotated => Trajectory[^1].Rotated;

    /// <summary>The first recorded step at which TV(G, data) &lt;= the options' threshold, or null.</summary>
    public int? StepsToTv => Trajectory.FirstOrDefault(t => t.Tv <= Options.TvThreshold)?.Step;
}
