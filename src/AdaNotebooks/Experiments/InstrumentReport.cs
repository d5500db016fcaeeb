using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AdaNotebooks.Experiments;

/// <summary>One network's readings in <see cref="InstrumentReport"/>: FD and KID (unscaled).</summary>
public sealed record InstrumentScores(double Fd, double Kid);

/// <summary>A memorising G's reading: the training subset of one size and seed, repeated.</summary>
public sealed record InstrumentMemorised(int Size, int Seed, double Fd, double Kid);

/// <summary>What one feature network reads on the study's split.</summary>
public sealed record InstrumentNetwork(string Name, string Fingerprint, int Dimension, double? HeldOutAccuracy,
    double? TrainingSeconds, InstrumentScores Halves, InstrumentScores Floor, InstrumentScores Shuffled, int Count,
    IReadOnlyList<InstrumentMemorised> Memorised, double Seconds);

/// <summary>The instrument check's results, as results.md and results.json.</summary>
public sealed record InstrumentReport(InstrumentOptions Options, int TrainImages, int HeldOutImages,
    IReadOnlyList<InstrumentNetwork> Networks)
{
    static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);

    public string ToMarkdown()
    {
        var o = Options;
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"Data {o.Data} at {o.Resolution}px: {TrainImages:N0} training " +
                      $"images, {HeldOutImages:N0} held out as the reference (split seed {o.Seed}). Scores of " +
                      $"{Networks.FirstOrDefault()?.Count ?? o.MetricNum:N0} images against the reference; " +
                      $"KID x 10^3.");
        md.AppendLine();
        md.AppendLine("| network | held-out accuracy | FD halves | FD floor | FD shuffled pixels | KID halves | " +
                      "KID floor | KID shuffled pixels | seconds |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var n in Networks)
            md.AppendLine($"| {n.Name} | {(n.HeldOutAccuracy is { } a ? F(100 * a, "0.0") + " %" : "-")} | " +
                          $"{F(n.Halves.Fd, "0.0")} | {F(n.Floor.Fd, "0.0")} | {F(n.Shuffled.Fd, "0.0")} | " +
                          $"{F(1e3 * n.Halves.Kid, "0.00")} | {F(1e3 * n.Floor.Kid, "0.00")} | " +
                          $"{F(1e3 * n.Shuffled.Kid, "0.00")} | {F(n.Seconds, "0")} |");
        md.AppendLine();
        md.AppendLine("A G that only memorised its training images (each training subset a study's run trains on, " +
                      $"repeated to the score's count), seeds {string.Join(", ", o.Seeds)}: FD mean ± sd [min, max]");
        md.AppendLine();
        md.AppendLine("| network | " + string.Join(" | ", o.Sizes.Select(s => $"{s:N0} images")) + " |");
        md.AppendLine("|---|" + string.Concat(o.Sizes.Select(_ => "---|")));
        foreach (var n in Networks)
            md.AppendLine($"| {n.Name} | " + string.Join(" | ", o.Sizes.Select(size =>
            {
                var spread = Spread.Of(n.Memorised.Where(m => m.Size == size).Select(m => (double?)m.Fd));
                return $"{spread.MeanSd("0.0")} {spread.Range("0.0")}";
            })) + " |");
        md.AppendLine();
        foreach (var n in Networks)
            md.AppendLine($"- {n.Name}: {n.Fingerprint}, {n.Dimension} features" +
                          (n.TrainingSeconds is { } t ? $", trained in {F(t, "0")} s" : "") + ".");
        return md.ToString();
    }

    public void Write()
    {
        Directory.CreateDirectory(Options.OutDir);
        File.WriteAllText(Path.Combine(Options.OutDir, "results.md"), ToMarkdown());
        File.WriteAllText(Path.Combine(Options.OutDir, "results.json"),
            JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
