namespace AdaNotebooks.Charts;

/// <summary>How a series is drawn. <see cref="Dashed"/> is a dashed line, for reference levels (a target, a
/// floor).</summary>
public enum SeriesKind { Line, Markers, Bars, Dashed }

/// <summary>One named series of (x, y) points, optionally with a band (<see cref="Low"/>..<see cref="High"/> at each
/// x, e.g. the spread over seeds) drawn as a translucent area behind it.</summary>
public sealed record Series(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y,
    SeriesKind Kind = SeriesKind.Line)
{
    /// <summary>The band's lower edge, one value per x; null without a band.</summary>
    public IReadOnlyList<double>? Low { get; init; }

    /// <summary>The band's upper edge, one value per x; null without a band.</summary>
    public IReadOnlyList<double>? High { get; init; }

    public bool HasBand => Low is not null && High is not null;

    /// <summary>This series with a band from <paramref name="low"/> to <paramref name="high"/>.</summary>
    public Series WithBand(IReadOnlyList<double> low, IReadOnlyList<double> high)
    {
        if (low.Count != X.Count || high.Count != X.Count)
            throw new ArgumentException($"a band needs one low and one high value per x ({X.Count}), got " +
                                        $"{low.Count} and {high.Count}");
        return this with { Low = low, High = high };
    }

    /// <summary>A dashed horizontal line at <paramref name="y"/> from <paramref name="x0"/> to
    /// <paramref name="x1"/>.</summary>
    public static Series Level(string name, double y, double x0, double x1) =>
        new(name, [x0, x1], [y, y], SeriesKind.Dashed);

    public static Series Of(string name, IEnumerable<double> y, SeriesKind kind = SeriesKind.Line)
    {
        var ys = y.ToArray();
        return new Series(name, Enumerable.Range(0, ys.Length).Select(i => (double)i).ToArray(), ys, kind);
    }
}

/// <summary>A small chart: a few named series over a shared x axis. Rendered as static SVG (readable
/// anywhere, including code hosts) and upgraded to an interactive plotly.js chart where scripts run.</summary>
public sealed record Chart(string Title, IReadOnlyList<Series> Series, string XLabel = "", string YLabel = "")
{
    public Chart(string title, params Series[] series) : this(title, (IReadOnlyList<Series>)series) { }

    /// <summary>A logarithmic y axis (values that are not positive are not drawn).</summary>
    public bool LogY { get; init; }

    /// <summary>A histogram of <paramref name="values"/> per named set, pre-binned over a shared range
    /// (plotly's basic bundle has no histogram trace; bars do the same job).</summary>
    public static Chart Histogram(string title, IReadOnlyDictionary<string, double[]> sets, int bins = 30,
        string xLabel = "")
    {
        var all = sets.Values.SelectMany(v => v).Where(double.IsFinite).ToArray();
        double lo = all.Length > 0 ? all.Min() : 0, hi = all.Length > 0 ? all.Max() : 1;
        if (hi <= lo) hi = lo + 1;
        double width = (hi - lo) / bins;
        var centres = Enumerable.Range(0, bins).Select(i => lo + (i + 0.5) * width).ToArray();
        var series = sets.Select(kv =>
        {
            var counts = new double[bins];
            foreach (var v in kv.Value.Where(double.IsFinite))
                counts[Math.Min(bins - 1, (int)((v - lo) / width))]++;
            double total = Math.Max(1, kv.Value.Length);
            return new Series(kv.Key, centres, counts.Select(c => c / total).ToArray(), SeriesKind.Bars);
        }).ToArray();
        return new Chart(title, series, xLabel, "fraction");
    }
}
