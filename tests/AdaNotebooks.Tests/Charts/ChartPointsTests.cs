using AdaNotebooks.Charts;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AdaNotebooks.Tests.Charts;

public class ChartPointsTests
{
    /// <summary>A long line is drawn through at most 2 Buckets + 2 of its own points, in order, with its first and
    /// last point and the lowest and highest point of every bucket (so the global extremes too).</summary>
    [Property(MaxTest = 100)]
    public bool ALongLineKeepsItsEndsAndEveryBucketsExtremes(PositiveInt lengthArg, int seed)
    {
        int n = 2 * ChartPoints.Buckets + 3 + lengthArg.Get % 5000;
        var rng = new Random(seed);
        var x = Enumerable.Range(0, n).Select(i => i * 0.5 + (i % 7 == 0 ? 0 : 0.25)).ToArray();
        var y = Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.01 ? rng.Next(-100, 100) : rng.NextDouble())
            .ToArray();
        var drawn = ChartPoints.ForDrawing(new Chart("c", new Series("s", x, y))).Series[0];
        var points = Enumerable.Range(0, n).Select(i => (x[i], y[i])).ToList();
        var kept = drawn.X.Zip(drawn.Y).ToList();
        int at = 0;   // kept is a subsequence of points
        bool subsequence = kept.All(p =>
        {
            while (at < n && points[at] != p) at++;
            return at++ < n;
        });
        bool extremes = Enumerable.Range(0, ChartPoints.Buckets).All(b =>
        {
            var bucket = points.Skip(b * n / ChartPoints.Buckets)
                .Take((b + 1) * n / ChartPoints.Buckets - b * n / ChartPoints.Buckets).ToList();
            return kept.Contains(bucket.MinBy(p => p.Item2)) && kept.Contains(bucket.MaxBy(p => p.Item2));
        });
        return kept.Count <= 2 * ChartPoints.Buckets + 2 && subsequence && extremes &&
               kept[0] == points[0] && kept[^1] == points[^1] &&
               drawn.X.Zip(drawn.X.Skip(1)).All(d => d.First <= d.Second);
    }

    [Fact]
    public void ShortLinesMarkersBandsGapsAndUnsortedLinesAreDrawnAsTheyAre()
    {
        int n = 2 * ChartPoints.Buckets + 3;
        var x = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        var y = x.Select(Math.Sin).ToArray();
        var gap = y.ToArray();
        gap[9] = double.NaN;
        var back = x.ToArray();
        (back[3], back[4]) = (back[4], back[3]);
        var chart = new Chart("c",
            new Series("short", x[..(n - 1)], y[..(n - 1)]),
            new Series("markers", x, y, SeriesKind.Markers),
            new Series("band", x, y).WithBand(y, y),
            new Series("gap", x, gap),
            new Series("back", back, y),
            new Series("long", x, y));
        var drawn = ChartPoints.ForDrawing(chart).Series;
        Assert.All(drawn.Take(5), s => Assert.Equal(chart.Series.Single(c => c.Name == s.Name).X.Count, s.X.Count));
        Assert.True(drawn[5].X.Count < n);
    }
}
