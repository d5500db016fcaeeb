using System.Globalization;

namespace AdaNotebooks.Experiments;

/// <summary>The study's results over training seeds: the spread per cell, and each method against no
/// augmentation.</summary>
public sealed partial record LimitedDataReport
{
    /// <summary>Whether the runs hold more than one training seed.</summary>
    public bool HasSeeds => Runs.Select(r => r.Seed).Distinct().Count() > 1;

    /// <summary>The runs grouped by (size, method and preset), in the order they were planned.</summary>
    public IEnumerable<IGrouping<(int Size, string Label), LimitedDataRun>> Cells() =>
        Runs.GroupBy(r => (r.Size, r.Label));

    /// <summary>One row per (size, method): the seeds, final FD mean ± sd (sample) and range, KID mean ± sd, final p
    /// mean, r_t over the last quarter mean ± sd and the overfitting gap mean ± sd.</summary>
    public ResultTable SeedTable() => new(
        ["images", "method", "seeds", $"{Fd} mean ± sd", $"{Fd} [min, max]", $"{KidHeader} mean ± sd",
            "final p mean", "r_t (last quarter) mean ± sd", "D(train) - D(validation) mean ± sd"],
        Cells().Select(cell => (IReadOnlyList<string>)
        [
            Images(cell.Key.Size), cell.Key.Label, cell.Count().ToString(CultureInfo.InvariantCulture),
            Spread.Of(cell.Select(r => r.Final(Fd))).MeanSd("0.0"),
            Spread.Of(cell.Select(r => r.Final(Fd))).Range("0.0"),
            Spread.Of(cell.Select(r => r.Final(Kid) * KidScale)).MeanSd("0.00"),
            Spread.Of(cell.Select(r => r.Curve.LastOrDefault()?.P)).Mean.ToString("0.00", CultureInfo.InvariantCulture),
            Spread.Of(cell.Select(r => r.LateRt)).MeanSd("0.00"),
            Spread.Of(cell.Select(r => r.FinalDOutputs?.OverfitGap)).MeanSd("0.00"),
        ]).ToList());

    /// <summary>Per size, each method of the comparison against no augmentation: the final FD means, how much lower
    /// the method's mean is relative to the baseline's ((noaug - method) / noaug, positive when the method does
    /// better), whether every seed of the method scores below every seed of the baseline, and the paired
    /// differences method - noaug over the seeds both ran (same images, same initial weights) of the best and the
    /// final FD with their 95 % intervals and the smallest best-FD difference the pairs can detect.</summary>
    public ResultTable SeedComparison()
    {
        var rows = new List<IReadOnlyList<string>>();
        var cells = Cells().ToList();
        foreach (var size in cells.Select(c => c.Key.Size).Distinct())
        {
            var baseline = cells.FirstOrDefault(c => c.Key == (size, "noaug"));
            if (baseline is null) continue;
            var b = baseline.Select(r => r.Final(Fd)).ToList();
            // The method comparison only: the category study's ADA runs (other presets) are left out.
            foreach (var method in cells.Where(c => c.Key.Size == size && c.Key.Label != "noaug"
                                                    && c.All(r => r.Method != "ada" || r.Preset == Options.Preset)))
            {
                var m = method.Select(r => r.Final(Fd)).ToList();
                Spread sb = Spread.Of(b), sm = Spread.Of(m);
                bool complete = b.All(v => v.HasValue) && m.All(v => v.HasValue);
                var pairs = baseline.Join(method, r => r.Seed, r => r.Seed, (a, q) => (A: a, B: q)).ToList();
                PairedDifference D(Func<LimitedDataRun, double?> f) =>
                    PairedDifference.Of(pairs.Select(q => (f(q.A), f(q.B))));
                var best = D(r => r.Best(Fd)?.Value);
                rows.Add(
                [
                    Images(size), $"{method.Key.Label} against noaug", $"{sm.N} against {sb.N}",
                    string.Create(CultureInfo.InvariantCulture, $"{sm.Mean:0.0} against {sb.Mean:0.0}"),
                    string.Create(CultureInfo.InvariantCulture, $"{(sb.Mean - sm.Mean) / sb.Mean * 100:+0.0;-0.0} %"),
                    !complete || sm.N == 0 || sb.N == 0 ? "-" : sm.Max < sb.Min ? "yes" : "no",
                    best.Interval("0.0"), D(r => r.Final(Fd)).Interval("0.0"),
                    double.IsNaN(best.Detectable) ? "-"
                        : best.Detectable.ToString("0.0", CultureInfo.InvariantCulture),
                ]);
            }
        }
        return new ResultTable(["images", "comparison", "seeds", $"{Fd} means", $"{Fd} lower by (relative)",
            "every seed below every noaug seed", $"best {Fd}: method - noaug [95 %]",
            $"final {Fd}: method - noaug [95 %]", $"detectable best {Fd} difference (80 % power)"], rows);
    }

    /// <summary>Whether the study ran its cells in more than one precision.</summary>
    public bool HasPrecisions => Runs.Select(r => r.Precision).Distinct().Count() > 1;

    /// <summary>Per cell, bf16 against fp32 on the same seeds: the paired differences (bf16 - fp32) of the final
    /// and the best FD, of the final p and of r_t over the last quarter, each with its 95 % interval, and the
    /// smallest final-FD difference the pairs can detect.</summary>
    public ResultTable PrecisionComparison()
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var cell in Runs.GroupBy(r => (r.Size, r.Unmixed)))
        {
            var pairs = cell.Where(r => r.Precision == Training.Precision.Fp32)
                .Join(cell.Where(r => r.Precision == Training.Precision.Bf16), r => r.Seed, r => r.Seed,
                    (a, b) => (A: a, B: b)).ToList();
            if (pairs.Count == 0) continue;
            PairedDifference D(Func<LimitedDataRun, double?> f) =>
                PairedDifference.Of(pairs.Select(q => (f(q.A), f(q.B))));
            var final = D(r => r.Final(Fd));
            rows.Add(
            [
                Images(cell.Key.Size), cell.Key.Unmixed, pairs.Count.ToString(CultureInfo.InvariantCulture),
                final.Interval("0.0"), D(r => r.Best(Fd)?.Value).Interval("0.0"),
                D(r => r.Curve.LastOrDefault()?.P).Interval("0.000"), D(r => r.LateRt).Interval("0.000"),
                double.IsNaN(final.Detectable) ? "-" : final.Detectable.ToString("0.0", CultureInfo.InvariantCulture),
            ]);
        }
        return new ResultTable(["images", "method", "seed pairs", $"final {Fd}: bf16 - fp32 [95 %]",
            $"best {Fd}: bf16 - fp32 [95 %]", "final p: bf16 - fp32 [95 %]", "r_t (last quarter): bf16 - fp32 [95 %]",
            $"detectable final {Fd} difference (80 % power)"], rows);
    }
}
