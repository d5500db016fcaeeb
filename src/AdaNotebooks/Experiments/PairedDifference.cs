using System.Globalization;
using MathNet.Numerics.Distributions;

namespace AdaNotebooks.Experiments;

/// <summary>Paired differences d_i = b_i - a_i over seeds (the same seed on both sides: same images, same initial
/// weights): their mean with a two-sided 95 % Student-t interval, mean ± t_{0.975, n-1} sd / sqrt(n), and the
/// smallest true mean difference the design would detect at 5 % two-sided with 80 % power,
/// (t_{0.975, n-1} + t_{0.8, n-1}) sd / sqrt(n). Pairs with a missing or non-finite side are left out.</summary>
public sealed record PairedDifference(int N, double Mean, double Sd, double Low, double High, double Detectable)
{
    public static PairedDifference Of(IEnumerable<(double? A, double? B)> pairs)
    {
        var d = pairs.Where(p => p.A is { } a && p.B is { } b && double.IsFinite(a) && double.IsFinite(b))
            .Select(p => p.B!.Value - p.A!.Value).ToArray();
        var spread = Spread.Of(d.Select(v => (double?)v));
        if (d.Length < 2) return new PairedDifference(d.Length, spread.Mean, double.NaN, double.NaN, double.NaN,
            double.NaN);
        double se = spread.Sd / Math.Sqrt(d.Length);
        double t975 = StudentT.InvCDF(0, 1, d.Length - 1, 0.975), t80 = StudentT.InvCDF(0, 1, d.Length - 1, 0.8);
        return new PairedDifference(d.Length, spread.Mean, spread.Sd, spread.Mean - t975 * se,
            spread.Mean + t975 * se, (t975 + t80) * se);
    }

    /// <summary>Whether the 95 % interval excludes 0 (false with fewer than two pairs).</summary>
    public bool ExcludesZero => N >= 2 && (Low > 0 || High < 0);

    /// <summary>"+1.2 [-0.3, +2.7]" in the given number format; "-" without pairs, the mean alone for one.</summary>
    public string Interval(string format) => N == 0 ? "-" : N == 1 ? S(Mean, format)
        : $"{S(Mean, format)} [{S(Low, format)}, {S(High, format)}]";

    static string S(double v, string format) => v.ToString($"+{format};-{format}", CultureInfo.InvariantCulture);
}
