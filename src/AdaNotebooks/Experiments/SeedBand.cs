using AdaNotebooks.Charts;

namespace AdaNotebooks.Experiments;

/// <summary>A quantity against kimg over the runs of one cell, one run per training seed: the mean at each kimg, with
/// a band from the lowest to the highest run. A single run gives its own curve, without a band.</summary>
public static class SeedBand
{
    public static Series Mean(string name, IReadOnlyList<LimitedDataRun> runs, Func<CurvePoint, double?> y)
    {
        // kimg rounded, so that the same tick of two runs is one point even if its kimg was summed differently.
        var curves = runs.Select(r => r.Curve
            .Select(c => (Kimg: Math.Round(c.Kimg, 6), Y: y(c)))
            .Where(p => p.Y is { } v && double.IsFinite(v))
            .GroupBy(p => p.Kimg).ToDictionary(g => g.Key, g => g.Last().Y!.Value)).ToList();
        if (curves.Count == 0) return new Series(name, [], []);
        // Runs of one cell share their options and so their kimg points; if they do not, only the common ones stay.
        var common = curves[0].Keys.Where(k => curves.All(c => c.ContainsKey(k))).Order().ToList();
        var values = common.Select(k => curves.Select(c => c[k]).ToArray()).ToList();
        var mean = new Series(name, common, values.Select(v => v.Average()).ToList());
        return curves.Count == 1 ? mean
            : mean.WithBand(values.Select(v => v.Min()).ToList(), values.Select(v => v.Max()).ToList());
    }
}
