using AdaNotebooks.Training;

namespace AdaNotebooks.Experiments;

/// <summary>One point of a run's curve.</summary>
/// <param name="Gap">D(train) - D(validation) at this tick (<see cref="DOutputs.OverfitGap"/>); null in curves
/// recorded before it was kept.</param>
public sealed record CurvePoint(double Kimg, double P, double? Rt, IReadOnlyDictionary<string, double> Metrics,
    double? Gap = null);

/// <summary>One run of the study.</summary>
/// <param name="Stopped">Whether the stop rule (<see cref="LimitedDataOptions.StopRise"/>) ended the run before its
/// budget.</param>
public sealed record LimitedDataRun(int Size, string Method, string Preset, IReadOnlyList<CurvePoint> Curve,
    DOutputs? FinalDOutputs,
                                    double Seconds, string RunDir, int Seed = 0, string Cell = "",
                                    double? FixedP = null, Precision Precision = Precision.Fp32,
                                    bool Stopped = false) : IStudyResult
{
    public double? Final(string metric) => Curve.LastOrDefault(c => c.Metrics.ContainsKey(metric))?.Metrics[metric];
    /// <summary>The curve's lowest score and the kimg it was reached at (null without that score).</summary>
    public (double Kimg, double Value)? Best(string metric) => Curve.Where(c => c.Metrics.ContainsKey(metric))
        .Select(c => ((double Kimg, double Value)?)(c.Kimg, c.Metrics[metric])).MinBy(c => c!.Value.Value);
    /// <summary>The kimg at which the score had risen from its best by <paramref name="rise"/>
    /// (<see cref="OverfitRise"/>, reading the evaluations from kimg <paramref name="from"/> on), or null when it
    /// never did.</summary>
    public double? Rise(string metric, double rise, double from = 0) =>
        OverfitRise.Kimg(Points(metric).Where(q => q.Kimg >= from).ToList(), rise);

    /// <summary>(kimg, score) of every evaluation of <paramref name="metric"/>.</summary>
    public IReadOnlyList<(double Kimg, double Value)> Points(string metric) => Curve
        .Where(c => c.Metrics.ContainsKey(metric)).Select(c => (c.Kimg, c.Metrics[metric])).ToList();

    /// <summary>r_t averaged over the last quarter of the run (one tick is noisy).</summary>
    public double? LateRt => Curve.Skip(Curve.Count * 3 / 4).Select(c => c.Rt).Where(v => v.HasValue)
        .Select(v => v!.Value).DefaultIfEmpty(double.NaN).Average();
    public string Label => Unmixed + (Precision == Precision.Bf16 ? " in bf16" : "");
    /// <summary>The label without the precision: what pairs an fp32 run with its bf16 twin.</summary>
    public string Unmixed => FixedP is { } p ? FormattableString.Invariant($"{Preset} at p = {p}")
        : Method == "ada" && Preset != "bgc" ? $"ada ({Preset})" : Method;
}
