using System.Globalization;
using System.Text;
using System.Text.Json;
using AdaNotebooks.Training;

namespace AdaNotebooks.Experiments;

/// <summary>A frozen D's reading at one p: the share of training images the pipeline changed, r_t = E[sign D] over
/// all augmented training images, and apart over the changed and the unchanged ones.</summary>
public sealed record FrozenRtPoint(double P, int Images, double ChangedShare, double Rt, double? RtChanged,
    double? RtUnchanged);

/// <summary>One snapshot's curve r_t(p), with sign(D) on the held-out reals (never trained on).</summary>
/// <param name="TrainedP">The p the run had reached when the snapshot was written.</param>
public sealed record FrozenRtCurve(string Label, string Snapshot, double Kimg, string Method, int TrainingImages,
    int Seed, double TrainedP, double HeldOutSign, IReadOnlyList<FrozenRtPoint> Points)
{
    /// <summary>sign(D) on clean (p = 0) training images.</summary>
    public double? CleanSign => Points.FirstOrDefault(q => q.P == 0)?.Rt;

    /// <summary>How much of D's memory survives one change: (r(changed) - r(held out)) / (r(clean) - r(held out)) at
    /// p; 1 when changed training images read as real as clean ones, 0 when they read like images D never saw.
    /// Null where clean and held-out reals read alike (no memory to keep) or nothing was changed.</summary>
    public double? Kept(FrozenRtPoint point) => CleanSign is { } clean && point.RtChanged is { } changed
        && clean - HeldOutSign > 0.05 ? (changed - HeldOutSign) / (clean - HeldOutSign) : null;

    /// <summary>The p at which r_t falls to <paramref name="target"/>, interpolated linearly between the measured p;
    /// null when it stays above (or starts below) it.</summary>
    public double? Crossing(double target)
    {
        for (int i = 1; i < Points.Count; i++)
        {
            FrozenRtPoint a = Points[i - 1], b = Points[i];
            if (a.Rt >= target && b.Rt < target) return a.P + (a.Rt - target) / (a.Rt - b.Rt) * (b.P - a.P);
        }
        return null;
    }
}

/// <summary>The frozen-discriminator experiment's results: results.md and results.json.</summary>
public sealed record FrozenRtReport(FrozenRtOptions Options, IReadOnlyList<FrozenRtCurve> Curves, double Seconds)
{
    static string F(double? v, string format) => v?.ToString(format, CultureInfo.InvariantCulture) ?? "-";

    public string ToMarkdown()
    {
        var o = Options;
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"Frozen discriminators read at fixed p ({o.Preset}): each " +
                      $"training image augmented {o.Draws} times per p with fresh parameters, sign(D) averaged over " +
                      $"all of them (r_t) and apart over the images the pipeline changed (any op's parameter not " +
                      $"identity) and left as they were; held-out: sign(D) on the {o.HeldOut:N0} reference images " +
                      $"(split seed {o.Seed}), never trained on. D reads minibatches of its training batch size, as " +
                      $"in training (minibatch standard deviation couples the images of a group). Kept = (r changed " +
                      $"- r held out) / (r clean - r held out): 1 when a changed training image reads as real as a " +
                      $"clean one, 0 when it reads like an image D never saw. {Seconds:0} s.");
        md.AppendLine();
        md.AppendLine("| snapshot | method | images | seed | kimg | p reached | sign(D) held out | p at r_t " +
                      F(o.Target, "0.0#") + " |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var c in Curves)
            md.AppendLine(CultureInfo.InvariantCulture, $"| {c.Label} | {c.Method} | {c.TrainingImages:N0} | " +
                          $"{c.Seed} | {c.Kimg:0.#} | {c.TrainedP:0.000} | {c.HeldOutSign:0.00} | " +
                          $"{F(c.Crossing(o.Target), "0.000")} |");
        md.AppendLine();
        md.AppendLine("| snapshot | p | changed | r_t | r_t changed | r_t unchanged | kept |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var c in Curves)
            foreach (var q in c.Points)
                md.AppendLine(CultureInfo.InvariantCulture, $"| {c.Label} | {q.P:0.###} | " +
                              $"{100 * q.ChangedShare:0.0} % | {q.Rt:0.00} | {F(q.RtChanged, "0.00")} | " +
                              $"{F(q.RtUnchanged, "0.00")} | {F(c.Kept(q), "0.00")} |");
        return md.ToString();
    }

    public void Write()
    {
        Directory.CreateDirectory(Options.OutDir);
        Study.WriteFile(Path.Combine(Options.OutDir, "results.json"), JsonSerializer.Serialize(this,
            TrainingState.Json));
        File.WriteAllText(Path.Combine(Options.OutDir, "results.md"), ToMarkdown());
    }
}
