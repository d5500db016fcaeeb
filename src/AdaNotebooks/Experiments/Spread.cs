using System.Globalization;

namespace AdaNotebooks.Experiments;

/// <summary>How a score spreads over seeds: count, mean, sample standard deviation (n - 1 in the denominator; NaN for
/// one value) and range. Values that are not finite (a run without that score) are left out.</summary>
public sealed record Spread(int N, double Mean, double Sd, double Min, double Max)
{
    public static Spread Of(IEnumerable<double?> values)
    {
        var v = values.Where(x => x is { } d && double.IsFinite(d)).Select(x => x!.Value).ToArray();
        if (v.Length == 0) return new Spread(0, double.NaN, double.NaN, double.NaN, double.NaN);
        double mean = v.Average();
        double sd = v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)) : double.NaN;
        return new Spread(v.Length, mean, sd, v.Min(), v.Max());
    }

    /// <summary>"mean ± sd" (just the mean for one value, "-" for none) in the given number format.</summary>
    public string MeanSd(string format) =>
        N == 0 ? "-" : N == 1 ? S(Mean, format) : $"{S(Mean, format)} ± {S(Sd, format)}";

    /// <summary>"[min, max]", or "-" for no value.</summary>
    public string Range(string format) => N == 0 ? "-" : $"[{S(Min, format)}, {S(Max, format)}]";

    static string S(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}
