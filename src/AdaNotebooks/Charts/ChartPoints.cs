namespace AdaNotebooks.Charts;

/// <summary>The points a notebook chart draws. A line over more points than a 640-pixel chart can show (a training
/// curve sampled every tick) is drawn through the first and last point and, in each of <see cref="Buckets"/>
/// equal runs of consecutive points, the lowest and the highest (in x order): every peak and trough stays, the
/// outputs stay small. Markers, bars, bands, lines with gaps (NaN) and lines whose x goes back are drawn as they
/// are.</summary>
public static class ChartPoints
{
    /// <summary>Runs of points a long line is cut into; at most 2 Buckets + 2 points are drawn.</summary>
    public const int Buckets = 250;

    /// <summary>The chart with every long line thinned as described above.</summary>
    public static Chart ForDrawing(Chart chart) =>
        chart.Series.Any(Thins) ? chart with { Series = chart.Series.Select(Thinned).ToList() } : chart;

    static bool Thins(Series s) =>
        s.Kind is SeriesKind.Line or SeriesKind.Dashed && !s.HasBand && s.X.Count > 2 * Buckets + 2 &&
        s.Y.All(double.IsFinite) && Enumerable.Range(1, s.X.Count - 1).All(i => s.X[i] >= s.X[i - 1]);

    static Series Thinned(Series s)
    {
        if (!Thins(s)) return s;
        int n = s.X.Count;
        var keep = new SortedSet<int> { 0, n - 1 };
        for (int b = 0; b < Buckets; b++)
        {
            int from = (int)((long)b * n / Buckets), to = (int)((long)(b + 1) * n / Buckets);
            int lo = from, hi = from;
            for (int i = from; i < to; i++)
            {
                if (s.Y[i] < s.Y[lo]) lo = i;
                if (s.Y[i] > s.Y[hi]) hi = i;
            }
            keep.Add(lo);
            keep.Add(hi);
        }
        return s with { X = keep.Select(i => s.X[i]).ToArray(), Y = keep.Select(i => s.Y[i]).ToArray() };
    }
}
