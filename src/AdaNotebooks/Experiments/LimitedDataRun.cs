using AdaNotebooks.Training;

namespace AdaNotebooks.Experiments;

/// <summary>One point of a run's curve.</summary>
/// <param name="Gap">D(train) - D(validation) at this tick (<see cref="DOutputs.OverfitGap"/>); null in curves
/// recorded before it was kept.</param>
public sealed record CurvePoint(double Kimg, double P, double? Rt, IReadOnlyDictionary<string, double> Metrics,
    double? Gap = null);

/// <summary>One run of the study.</summary>
public sealed record LimitedDataRun(int Size, string Method, string Preset, IReadOnlyList<CurvePoint> Curve,
    DOutputs? FinalDOutputs,
                                    double Seconds, string RunDir, int Seed = 0, string Cell = "",
                                    double? FixedP = null) : IStudyResult
{
    public double? Final(string metric) => Curve.LastOrDefault(c => c.Metrics.ContainsKey(metric))?.Metrics[metric];
    /// <summary>r_t averaged over the last quarter of the run (one tick is noisy).</summary>
    public double? LateRt => Curve.Skip(Curve.Count * 3 / 4).Select(c => c.Rt).Where(v => v.HasValue)
        .Select(v => v!.Value).DefaultIfEmpty(double.NaN).Average();
    public string Label => FixedP is { } p ? FormattableString.Invariant($"{Preset} at p = {p}")
        : Method == "ada" && Preset != "bgc" ? $"ada ({Preset})" : Method;
}
