using System.Globalization;
using AdaNotebooks.Ada;

namespace AdaNotebooks.Training;

/// <summary>What a run's report shows, said in words for a reader new to ADA: the samples, and what p and the
/// overfitting heuristic did. Printed at the end of `ada train` and at the top of report.html.</summary>
public static class RunSummary
{
    public static string Describe(IReadOnlyList<TrainingProgress> events, RunConfig? config)
    {
        if (events.Count == 0) return "No tick has finished yet.";
        static string N(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
        var e = events[^1];
        var samples = $"The images are G_ema's samples for fixed latents after {N(e.Kimg, "0.#")} kimg" +
                      (config?.Options.Subset is { } n ? $", trained on {N(n, "N0")} images." : ".");
        var name = e.HeuristicName;
        var late = events.Skip(events.Count * 2 / 3).Select(x => x.Heuristic).OfType<double>()
            .DefaultIfEmpty(double.NaN).Average();
        string Averaged(string subject) => $"{subject} averaged {N(late, "0.00")} over the last third of the run";
        var lateText = Averaged("it");
        var heuristic = name == "r_v"
            ? "r_v compares D's outputs on training and validation reals (0: no overfitting, 1: memorised)"
            : "r_t is the share of training reals D calls real, rescaled to [-1, 1] (near 1: D is sure of every " +
              "training image, a sign that it memorises them)";
        var schedule = config?.Schedule;
        var p = config?.Options.Augment switch
        {
            AugmentMode.NoAug => $"D's inputs were not augmented (p = 0); {heuristic}: {lateText}.",
            AugmentMode.DiffAug => "DiffAugment augmented every input of D (translation, cutout, colour); " +
                                   $"{heuristic}: {lateText}.",
            _ when schedule?.Kind == PScheduleKind.Adaptive =>
                "ADA raises p, the probability with which each augmentation is applied to D's inputs, while " +
                $"{name} is above its target {N(schedule.Ada!.Target, "0.##")} and lowers it while below; " +
                $"{heuristic}. Here p peaked at {N(events.Max(x => x.P), "0.###")} and ended at {N(e.P, "0.###")}, " +
                $"and {Averaged(name)}.",
            _ => $"Each augmentation was applied to D's inputs with probability p ({schedule?.Describe() ?? "p"}, " +
                 $"{N(e.P, "0.###")} at the end); {heuristic}: {lateText}.",
        };
        return samples + " " + p;
    }
}
