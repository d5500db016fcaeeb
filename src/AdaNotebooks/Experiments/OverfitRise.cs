namespace AdaNotebooks.Experiments;

/// <summary>The limited-data studies' stop rule: the kimg at which a run's FD has risen from its best by a given
/// fraction, the paper's signature of a D that overfits (Fig. 1: the baseline's FD bottoms out, then climbs). One
/// evaluation is noisy and a young GAN's FD jumps about (a 100-image baseline went 42 -> 53 between 5 and 10 kimg
/// before falling to 27), so the rule reads the mean of the last <see cref="Window"/> evaluations, s_i, and fires at
/// the first evaluation i where s_i and s_{i-1} both stand at least (1 + rise) x min_{j &lt;= i} s_j.</summary>
public static class OverfitRise
{
    /// <summary>Evaluations averaged into one reading.</summary>
    public const int Window = 3;
    /// <summary>Consecutive readings that must stand above the threshold.</summary>
    public const int Confirm = 2;

    /// <summary>The kimg of the evaluation at which the rule fires, or null when it never does.</summary>
    /// <param name="points">(kimg, FD) in training order.</param>
    public static double? Kimg(IReadOnlyList<(double Kimg, double Value)> points, double rise)
    {
        if (!(rise > 0)) throw new ArgumentOutOfRangeException(nameof(rise), rise, "expected a positive fraction");
        double best = double.PositiveInfinity;
        int above = 0;
        foreach (var (kimg, reading) in Readings(points))
        {
            best = Math.Min(best, reading);
            above = reading >= (1 + rise) * best ? above + 1 : 0;
            if (above >= Confirm) return kimg;
        }
        return null;
    }

    /// <summary>s_i, the mean of evaluations i - Window + 1 .. i, at evaluation i's kimg.</summary>
    public static IEnumerable<(double Kimg, double Value)> Readings(IReadOnlyList<(double Kimg, double Value)> points)
    {
        for (int i = Window - 1; i < points.Count; i++)
        {
            double sum = 0;
            for (int j = i - Window + 1; j <= i; j++) sum += points[j].Value;
            yield return (points[i].Kimg, sum / Window);
        }
    }
}
