using System.Globalization;
using AdaNotebooks.Charts;

namespace AdaNotebooks.Experiments;

/// <param name="Fd">The FD score's name ("fid" with Inception-v3, "fd-resnet18..." otherwise); likewise
/// <paramref name="Kid"/>.</param>
public sealed record LimitedDataReport(LimitedDataOptions Options, int AvailableImages, string Fd, string Kid,
    IReadOnlyList<LimitedDataRun> Runs)
{
    /// <summary>The summary and the table, as markdown (results.md).</summary>
    public string ToMarkdown() => Summary() + Environment.NewLine + Environment.NewLine + Table().ToMarkdown();

    /// <summary>What was run: data, configuration, ADA's settings, scoring, seeds.</summary>
    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"Data {Options.Data} at {Options.Resolution}px ({AvailableImages:N0} images available for training, " +
        $"{Options.HeldOut:N0} held out as the metrics' reference), config {Options.Config}, " +
        $"{Options.Kimg} kimg per run, batch {Options.Batch}, ADA target r_t 0.6 with ada_kimg " +
        $"{Options.AdaKimg}, {Options.MetricNum} generated images per score, held-out split seed {Options.Seed}, " +
        $"training seeds {string.Join(", ", Options.Seeds)}.");

    /// <summary>One row per run: size, method, seed, final scores, final p, late r_t, the overfitting gap and the
    /// minutes it took.</summary>
    public ResultTable Table()
    {
        // KID is quoted x10^3 on Inception features (the paper's convention); other networks' unnormalised features
        // give values around 1-10, shown as they are.
        bool inception = Kid == "kid";
        double kidScale = inception ? 1000 : 1;
        string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
        return new ResultTable(
            ["images", "method", "seed", "kimg", Fd, Kid + (inception ? " x10^3" : ""), "final p",
                "r_t (last quarter)", "D(train) - D(validation)", "minutes"],
            Runs.Select(r => (IReadOnlyList<string>)
            [
                F($"{(r.Size == 0 ? AvailableImages : r.Size):N0}"), r.Label, F($"{r.Seed}"),
                F($"{r.Curve.LastOrDefault()?.Kimg:0.#}"), F($"{r.Final(Fd):0.0}"),
                F($"{r.Final(Kid) * kidScale:0.00}"), F($"{r.Curve.LastOrDefault()?.P:0.00}"), F($"{r.LateRt:0.00}"),
                r.FinalDOutputs?.OverfitGap?.ToString("0.00", CultureInfo.InvariantCulture) ?? "-",
                F($"{r.Seconds / 60:0.0}"),
            ]).ToList());
    }

    /// <summary>FD against kimg per training-set size, and r_t / p against kimg.</summary>
    public IEnumerable<Chart> Charts()
    {
        var methodRuns = Runs.Where(r => r.Preset == Options.Preset || r.Method != "ada")
            .Where(r => Options.Sizes.Contains(r.Size) && Options.Methods.Contains(r.Method)).ToList();
        foreach (var size in Options.Sizes)
        {
            var runs = methodRuns.Where(r => r.Size == size).ToList();
            string n = size == 0 ? $"all {AvailableImages:N0}" : $"{size:N0}";
            yield return new Chart($"{Fd} against kimg, {n} images",
                runs.Select(r => Curve(r.Label, r, c => c.Metrics.TryGetValue(Fd, out var v) ? v : null)).ToList(),
                "kimg", Fd);
            yield return new Chart($"r_t against kimg, {n} images (ADA's target 0.6)",
                runs.Select(r => Curve(r.Label, r, c => c.Rt)).ToList(), "kimg", "r_t");
            var ada = runs.FirstOrDefault(r => r.Method == "ada");
            if (ada is not null)
                yield return new Chart($"ADA's p against kimg, {n} images", [Curve("p", ada, c => c.P)], "kimg", "p");
        }
        var categories = Runs.Where(r => r.Size == Options.CategorySize && r.Method == "ada"
            && Options.Categories.Contains(r.Preset)).ToList();
        var baseline = Runs.FirstOrDefault(r => r.Size == Options.CategorySize && r.Method == "noaug");
        if (categories.Count > 0)
        {
            var bars = (baseline is null ? categories : categories.Prepend(baseline)).ToList();
            yield return new Chart($"Final {Fd} by augmentation category, {Options.CategorySize:N0} images (ADA)",
                [new Series(Fd, Enumerable.Range(0, bars.Count).Select(i => (double)i).ToList(),
                    bars.Select(r => r.Final(Fd) ?? double.NaN).ToList(), SeriesKind.Bars)],
                string.Join(" | ", bars.Select((r, i) => $"{i}: {(r.Method == "noaug" ? "none" : r.Preset)}")), Fd);
        }
    }

    /// <summary>D's outputs on training, validation and generated images at the end of a run (the paper's Figure
    /// 1).</summary>
    public IEnumerable<Chart> Histograms()
    {
        foreach (var r in Runs.Where(r => r.FinalDOutputs is not null && (r.Preset == Options.Preset
            || r.Method != "ada")))
        {
            var d = r.FinalDOutputs!;
            var sets = new Dictionary<string, double[]>
            {
                ["training reals"] = d.Train,
                ["validation reals"] = d.Validation,
                ["generated"] = d.Generated,
            }
                .Where(kv => kv.Value.Length > 0).ToDictionary();
            yield return Chart.Histogram($"D's outputs at the end: {r.Label}, " +
                                         $"{(r.Size == 0 ? AvailableImages : r.Size):N0} images", sets, 30, "D(x)");
        }
    }

    static Series Curve(string name, LimitedDataRun run, Func<CurvePoint, double?> y)
    {
        var points = run.Curve.Select(c => (c.Kimg, Y: y(c))).Where(p => p.Y.HasValue).ToList();
        return new Series(name, points.Select(p => p.Kimg).ToList(), points.Select(p => p.Y!.Value).ToList());
    }
}
