using System.Text.Json;
using System.Text.Json.Nodes;
using AdaNotebooks.Experiments;
using AdaNotebooks.Training;

namespace AdaNotebooks.Tests.Experiments;

/// <summary>Paired differences with their Student-t intervals, and the limited-data study's precision axis: fp32 and
/// bf16 on the same seeds, paired in the report.</summary>
public class PrecisionStudyTests
{
    [Fact]
    public void PairedDifferenceGivesTheStudentTIntervalAndTheDetectableEffect()
    {
        // Differences 1..5: mean 3, sd sqrt(2.5), se sqrt(0.5); t_{0.975,4} = 2.7764, t_{0.8,4} = 0.9410 (tables).
        var d = PairedDifference.Of(new (double?, double?)[] { (0, 1), (10, 12), (5, 8), (1, 5), (-2, 3) });
        Assert.Equal(5, d.N);
        Assert.Equal(3, d.Mean, 12);
        Assert.Equal(Math.Sqrt(2.5), d.Sd, 12);
        Assert.Equal(3 - 2.7764 * Math.Sqrt(0.5), d.Low, 3);
        Assert.Equal(3 + 2.7764 * Math.Sqrt(0.5), d.High, 3);
        Assert.Equal((2.7764 + 0.9410) * Math.Sqrt(0.5), d.Detectable, 3);
        Assert.True(d.ExcludesZero);
        Assert.Equal("+3.0 [+1.0, +5.0]", d.Interval("0.0"));
    }

    [Fact]
    public void PairedDifferenceLeavesOutIncompletePairsAndNeedsTwoForAnInterval()
    {
        var d = PairedDifference.Of(new (double?, double?)[] { (1, 2), (null, 3), (4, double.NaN) });
        Assert.Equal(1, d.N);
        Assert.Equal(1, d.Mean);
        Assert.True(double.IsNaN(d.Low));
        Assert.False(d.ExcludesZero);
        Assert.Equal("+1.0", d.Interval("0.0"));
        Assert.Equal("-", PairedDifference.Of([]).Interval("0.0"));
        // Two pairs straddling zero: t_{0.975,1} = 12.706, the interval is wide and holds 0.
        var wide = PairedDifference.Of(new (double?, double?)[] { (0, 1), (0, -1) });
        Assert.Equal(-12.706 * 1, wide.Low, 2);
        Assert.False(wide.ExcludesZero);
    }

    static LimitedDataRun Run(int seed, Precision precision, double[] fd, double p) => new(100, "ada", "bgc",
        fd.Select((v, i) => new CurvePoint(10 * (i + 1), p, 0.6, new Dictionary<string, double> { ["fd"] = v }))
            .ToList(), null, 60, "run", seed, "", null, precision);

    [Fact]
    public void TheReportPairsEachBf16RunWithTheFp32RunOfItsSeed()
    {
        var runs = new List<LimitedDataRun>
        {
            // bf16 - fp32, final FD: +2, +4, +6 (mean 4, sd 2).
            Run(0, Precision.Fp32, [50, 60], 0.10), Run(0, Precision.Bf16, [40, 62], 0.20),
            Run(1, Precision.Fp32, [44, 70], 0.10), Run(1, Precision.Bf16, [50, 74], 0.10),
            Run(2, Precision.Fp32, [42, 80], 0.10), Run(2, Precision.Bf16, [46, 86], 0.00),
            Run(3, Precision.Fp32, [42, 80], 0.10), // no bf16 twin: left out of the pairs
        };
        var report = new LimitedDataReport(new LimitedDataOptions
        {
            Sizes = [100], Methods = ["ada"], Seeds = [0, 1, 2, 3], Precisions = [Precision.Fp32, Precision.Bf16],
        }, 1000, "fd", "kid-r", runs);
        Assert.True(report.HasPrecisions);
        var row = Assert.Single(report.PrecisionComparison().Rows);
        double half = 4.3027 * 2 / Math.Sqrt(3); // t_{0.975,2} sd / sqrt(n)
        Assert.Equal(["100", "ada", "3", FormattableString.Invariant($"+4.0 [{4 - half:+0.0;-0.0}, {4 + half:+0.0}]")],
            row.Take(4));
        // Best FD: 40 - 50, 50 - 44, 46 - 42 = -10, +6, +4 (mean 0, sd sqrt(76)).
        double bestHalf = 4.3027 * Math.Sqrt(76) / Math.Sqrt(3);
        Assert.Equal(FormattableString.Invariant($"+0.0 [{-bestHalf:+0.0;-0.0}, {bestHalf:+0.0}]"), row[4]);
        Assert.Contains("| ada in bf16 |", report.ToMarkdown());
        Assert.Contains("fp32 and bf16 (mixed-res 4)", report.Summary());
    }

    [Fact]
    public void AStudyNamesItsPrecisionAndOlderResultsReadAsFp32()
    {
        Assert.Throws<ArgumentException>(() => new LimitedDataOptions { Precisions = [Precision.Auto] }.Validate());
        Assert.Throws<ArgumentException>(() =>
            new LimitedDataOptions { Precisions = [Precision.Bf16, Precision.Bf16] }.Validate());
        Assert.Throws<ArgumentException>(() => LimitedDataOptions.ParsePrecision("auto"));
        // A results.json written before the precision axis has no "Precisions": it reads as the fp32 study it was,
        // so Study.Previous lets it continue under the same options.
        var json = JsonNode.Parse(JsonSerializer.Serialize(new LimitedDataOptions(), TrainingState.Json))!.AsObject();
        Assert.True(json.Remove("Precisions"));
        var read = JsonSerializer.Deserialize<LimitedDataOptions>(json.ToJsonString(), TrainingState.Json)!;
        Assert.Equal([Precision.Fp32], read.Precisions);
    }
}
