using System.Globalization;
using AdaNotebooks.Charts;

namespace AdaNotebooks.Experiments;

/// <param name="Fd">The FD score's name ("fid" with Inception-v3, "fd-resnet18..." otherwise); likewise
/// <paramref name="Kid"/>.</param>
/// <param name="Floor">The instrument's floor: the scores of <see cref="LimitedDataOptions.MetricNum"/> real training
/// images against the held-out set (no generator can be expected to score below it); null when not measured (reports
/// written before it was, see <see cref="LimitedDataFloor"/>).</param>
/// <param name="Memorised">Per size and seed, the scores of the run's training images themselves: what a G that
/// only copied them would reach (null in reports written before it was kept).</param>
public sealed partial record LimitedDataReport(LimitedDataOptions Options, int AvailableImages, string Fd, string Kid,
    IReadOnlyList<LimitedDataRun> Runs, IReadOnlyDictionary<string, double>? Floor = null,
    IReadOnlyList<MemorisedScores>? Memorised = null)
{
    /// <summary>The summary, the seed tables (with more than one seed) and the per-run table, as markdown
    /// (results.md).</summary>
    public string ToMarkdown()
    {
        var parts = new List<string> { Summary() };
        if (HasSeeds) parts.AddRange([SeedTable().ToMarkdown(), SeedComparison().ToMarkdown()]);
        if (HasPrecisions) parts.Add(PrecisionComparison().ToMarkdown());
        parts.Add(Table().ToMarkdown());
        return string.Join(Environment.NewLine, parts.Select(p => p.TrimEnd() + Environment.NewLine));
    }

    /// <summary>What was run: data, configuration, ADA's settings, scoring, seeds.</summary>
    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"Data {Options.Data} at {Options.Resolution}px ({AvailableImages:N0} images available for training, " +
        $"{Options.HeldOut:N0} held out as the metrics' reference), config {Options.Config}, " +
        $"{Options.Kimg} kimg per run, batch {Options.Batch}, {Computed()}, ADA target r_t 0.6 with ada_kimg " +
        $"{Options.AdaKimg}, {Options.MetricNum} generated images per score, held-out split seed {Options.Seed}, " +
        $"training seeds {string.Join(", ", Options.Seeds)}.") + StopSentence() + FloorSentence() +
        MemorisedSentence();

    /// <summary>The stop rule in words, or nothing without one.</summary>
    string StopSentence()
    {
        if (Options.StopRise is not { } rise) return "";
        string from = Options.StopFrom > 0
            ? FormattableString.Invariant($", evaluations from kimg {Options.StopFrom} on")
            : "";
        return FormattableString.Invariant($" {Options.Kimg} kimg is the budget: a run stops once its {Fd} has ") +
               FormattableString.Invariant($"risen {rise * 100:0.#} % from its best (the mean of ") +
               FormattableString.Invariant($"{OverfitRise.Window} evaluations, {OverfitRise.Confirm} readings in a ") +
               $"row{from}).";
    }

    /// <summary>" FD of the training images themselves: 100 images 8.6 ± 1.2 (seeds ...)", per size.</summary>
    string MemorisedSentence()
    {
        if (Memorised is not { Count: > 0 } memorised) return "";
        var sizes = memorised.GroupBy(m => m.Size).Select(g => string.Create(CultureInfo.InvariantCulture,
            $"{g.Key} images {Spread.Of(g.Select(m => m.Scores.TryGetValue(Fd, out var v) ? v : (double?)null))
                .MeanSd("0.0")}"));
        return $" {Fd} of the training images themselves (a G that only copies them), mean ± sd over the seeds: " +
               string.Join(", ", sizes) + ".";
    }

    /// <summary>"fp32", or with bf16 its mixed resolutions ("fp32 and bf16 (mixed-res 4)").</summary>
    string Computed()
    {
        int mixedRes = Training.TrainingDefaults.Preset(Options.Config, Options.Resolution ?? 16).MixedRes;
        return string.Join(" and ", Options.Precisions.Select(p => p == Training.Precision.Bf16
            ? FormattableString.Invariant($"bf16 (mixed-res {mixedRes})") : "fp32"));
    }

    /// <summary>" FD floor: X (N real training images against the held-out set).", or nothing when not
    /// measured.</summary>
    string FloorSentence()
    {
        if (Floor is not { } floor || !floor.TryGetValue(Fd, out var fd)) return "";
        string kid = floor.TryGetValue(Kid, out var k) ? FormattableString.Invariant(
            $", {KidHeader} floor: {k * KidScale:0.00}") : "";
        return FormattableString.Invariant(
            $" {Fd} floor: {fd:0.0}{kid} ({FloorCount} real training images against the held-out set).");
    }

    /// <summary>One row per run: size, method, seed, final scores, final p, late r_t, the overfitting gap and the
    /// minutes it took.</summary>
    public ResultTable Table()
    {
        double kidScale = KidScale;
        string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
        return new ResultTable(
            ["images", "method", "seed", "kimg", Fd, $"best {Fd}", "best at kimg", .. Options.StopRise is null
                ? Array.Empty<string>() : ["ended"], KidHeader, "final p",
                "r_t (last quarter)", "D(train) - D(validation)", "minutes"],
            Runs.Select(r => (IReadOnlyList<string>)
            [
                F($"{(r.Size == 0 ? AvailableImages : r.Size):N0}"), r.Label, F($"{r.Seed}"),
                F($"{r.Curve.LastOrDefault()?.Kimg:0.#}"), F($"{r.Final(Fd):0.0}"), F($"{r.Best(Fd)?.Value:0.0}"),
                F($"{r.Best(Fd)?.Kimg:0.#}"),
                .. Options.StopRise is { } rise ? [Ended(r, rise)] : Array.Empty<string>(),
                F($"{r.Final(Kid) * kidScale:0.00}"), F($"{r.Curve.LastOrDefault()?.P:0.00}"), F($"{r.LateRt:0.00}"),
                r.FinalDOutputs?.OverfitGap?.ToString("0.00", CultureInfo.InvariantCulture) ?? "-",
                F($"{r.Seconds / 60:0.0}"),
            ]).ToList());
    }

    /// <summary>"stopped: rose 10 % at kimg 185", or "budget" with the kimg where the rule would have fired, if
    /// it did.</summary>
    string Ended(LimitedDataRun r, double rise)
    {
        var at = r.Rise(Fd, rise, Options.StopFrom);
        string rose = at is { } k
            ? string.Create(CultureInfo.InvariantCulture, $"rose {rise * 100:0.#} % at kimg {k:0.#}")
            : "never rose";
        return r.Stopped ? "stopped: " + rose : "budget: " + rose;
    }

    // KID is quoted x10^3 on Inception features (the paper's convention); other networks' unnormalised features
    // give values around 1-10, shown as they are.
    double KidScale => Kid == "kid" ? 1000 : 1;
    string KidHeader => Kid + (Kid == "kid" ? " x10^3" : "");

    /// <summary>Real training images scored for the floor: <see cref="LimitedDataOptions.MetricNum"/>, or all of
    /// them when there are fewer.</summary>
    public int FloorCount => Math.Min(Options.MetricNum, AvailableImages + Options.Validation);

    string Images(int size) => (size == 0 ? AvailableImages : size).ToString("N0", CultureInfo.InvariantCulture);

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
            yield return Chart.Histogram($"D's outputs at the end: {r.Label}, {Images(r.Size)} images" +
                                         (HasSeeds ? $", seed {r.Seed}" : ""), sets, 30, "D(x)");
        }
    }
}
