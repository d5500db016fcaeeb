using AdaNotebooks.Experiments;
using AdaNotebooks.Training;
using AdaNotebooks.Tests.Training;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Experiments;

/// <summary>The experiments end to end at toy size: every planned run happens, results are written and read
/// back.</summary>
[Collection("global torch RNG")]
public class ExperimentTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ada-experiment-");
    public void Dispose() => _dir.Delete(true);

    [Fact]
    public void LeakExperimentRunsEveryPAndWritesItsResults()
    {
        var data = TinyRuns.Dataset(_dir.FullName, count: 96);
        var outDir = Path.Combine(_dir.FullName, "leak");
        var report = LeakExperiment.Run(new LeakExperimentOptions
        {
            Data = data, Resolution = null, OutDir = outDir, Kimg = 0.016, Batch = 8, Ops = ["rotate90", "lumaflip"],
            Ps = [0, 1],
            Bcr = true, HeldOut = 16, Samples = 8, ClassifierEpochs = 1,
        });
        // p = 0 is one shared run; then p = 1 and bCR per op.
        Assert.Equal(["none/fixed/0", "rotate90/fixed/1", "rotate90/bcr/1", "lumaflip/fixed/1", "lumaflip/bcr/1"],
                     report.Results.Select(r => $"{r.Op}/{r.Method}/{r.P}"));
        Assert.All(report.Results, r => Assert.InRange(r.Rotated, 0, 1));
        Assert.All(report.Results, r => Assert.Equal(1.0, r.RotationShares.Sum(), 9));
        var read = LeakExperiment.Read(Path.Combine(outDir, "results.json"));
        Assert.Equal(report.Results.Select(r => r.Rotated), read.Results.Select(r => r.Rotated));
        Assert.True(File.Exists(Path.Combine(outDir, "rotate90-fixed-p1-s0.png")));
        Assert.Contains("| rotate90 | bcr | 1 |", File.ReadAllText(Path.Combine(outDir, "results.md")));
        Assert.Contains("Inversion probe: calls", File.ReadAllText(Path.Combine(outDir, "results.md")));
        Assert.Contains("Gated reading (softmax >= 0.9)", File.ReadAllText(Path.Combine(outDir, "results.md")));
        Assert.Contains("<svg", File.ReadAllText(Path.Combine(outDir, "leak.svg")));
    }

    [Fact]
    public void LimitedDataStudyRunsMethodsAndCategoriesWithMetrics()
    {
        var data = TinyRuns.Dataset(_dir.FullName, count: 80);
        var outDir = Path.Combine(_dir.FullName, "limited");
        var report = LimitedDataExperiment.Run(new LimitedDataOptions
        {
            Data = data, Resolution = null, OutDir = outDir, Kimg = 0.016, Batch = 8, Sizes = [16],
            Methods = ["noaug", "ada"],
            Categories = ["blit"], CategorySize = 16, HeldOut = 24, Validation = 8, MetricNum = 8, MetricPoints = 1,
        });
        Assert.Equal(["16/noaug/bgc", "16/ada/bgc", "16/ada/blit"],
            report.Runs.Select(r => $"{r.Size}/{r.Method}/{r.Preset}"));
        Assert.All(report.Runs, r => Assert.True(r.Final(report.Fd) is { } fd && double.IsFinite(fd),
            $"{r.Label}: no final {report.Fd}"));
        Assert.All(report.Runs, r => Assert.NotNull(r.FinalDOutputs));
        Assert.Contains(report.Charts(), c => c.Title.Contains("category"));
        Assert.Equal(2, report.Histograms().Count());   // the method comparison; category runs only in the bar chart
        var read = LimitedDataExperiment.Read(Path.Combine(outDir, "results.json"));
        Assert.Equal(report.Runs.Select(r => r.Final(report.Fd)), read.Runs.Select(r => r.Final(read.Fd)));
        Assert.True(File.Exists(Path.Combine(outDir, "n16-ada-blit-s0.png")));
        // The floor (real training images against the held-out set), measured once and kept in results.json.
        Assert.True(report.Floor?[report.Fd] is { } floor && double.IsFinite(floor) && floor >= 0);
        Assert.Equal(report.Floor![report.Fd], read.Floor![read.Fd]);
        Assert.Contains($"{report.Fd} floor:", File.ReadAllText(Path.Combine(outDir, "results.md")));
        Assert.All(report.Runs, r => Assert.All(r.Curve, c => Assert.NotNull(c.Gap)));
        // What a G copying each run's 16 training images would score, per size and seed, kept in results.json.
        Assert.Equal([(16, 0)], report.Memorised!.Select(m => (m.Size, m.Seed)));
        Assert.True(report.Memorised![0].Scores[report.Fd] is var copied && double.IsFinite(copied) && copied >= 0);
        Assert.Equal(copied, read.Memorised![0].Scores[read.Fd]);
        Assert.Contains("of the training images themselves", File.ReadAllText(Path.Combine(outDir, "results.md")));
        // 16 of G_ema's fixed-seed images above their nearest training images (16 px tiles at scale 2).
        using var pairs = AdaNotebooks.Imaging.Png.Decode(File.ReadAllBytes(Path.Combine(outDir,
            "n16-ada-s0-nearest.png")));
        Assert.Equal((16 * 32 + 17 * 2, 2 * 32 + 3 * 2), (pairs.Width, pairs.Height));
    }

    [Fact]
    public void TheNearestImagesComeFromTheSubsetTheRunTrainsOn()
    {
        var data = TinyRuns.Dataset(_dir.FullName, count: 64);
        var options = TinyRuns.Options(data, Path.Combine(_dir.FullName, "subset"), kimg: 0.016) with
        {
            Subset = 8, Validation = 8,
        };
        using var trainer = new Trainer(options);
        var path = Path.Combine(_dir.FullName, "nearest.png");
        var matches = Memorisation.Write(trainer, path, count: 4);
        Assert.True(File.Exists(path));
        Assert.Equal(4, matches.Count);
        using var scope = NewDisposeScope();
        var generated = trainer.FixedSamples(4);
        var subset = trainer.Train.ToTensor();
        Assert.Equal(8, subset.shape[0]);
        foreach (var m in matches)
        {
            // The recorded image is the subset's closest: none of the 8 is nearer.
            var distances = subset.sub(generated[m.Generated]).square().sum([1, 2, 3]).sqrt();
            Assert.Equal(distances.min().item<float>(), (float)m.Distance, 3);
            Assert.Equal(distances.argmin().item<long>(), m.Training);
        }
    }

    [Fact]
    public void AStudyContinuesWithTheCellsItHasNotRecordedAndRefusesOtherOptions()
    {
        var data = TinyRuns.Dataset(_dir.FullName, count: 80);
        var outDir = Path.Combine(_dir.FullName, "limited");
        var options = new LimitedDataOptions
        {
            Data = data, Resolution = null, OutDir = outDir, Kimg = 0.016, Batch = 8, Sizes = [16], Methods = ["noaug"],
            HeldOut = 24, Validation = 8, MetricNum = 8, MetricPoints = 1, Seeds = [0],
        };
        var first = LimitedDataExperiment.Run(options);
        var log = new List<string>();
        var second = LimitedDataExperiment.Run(options with { Seeds = [0, 1] }, log.Add);
        Assert.Contains("1 of 2 cells already recorded; running the other 1", log);
        Assert.Equal(["n16-noaug-s0", "n16-noaug-s1"], second.Runs.Select(r => r.Cell));
        Assert.Equal([0, 1], second.Runs.Select(r => r.Seed));
        // The recorded cell is kept as it was, not trained again.
        Assert.Equal(first.Runs[0].Seconds, second.Runs[0].Seconds);
        Assert.Equal(first.Runs[0].Final(first.Fd), second.Runs[0].Final(second.Fd));
        var read = LimitedDataExperiment.Read(Path.Combine(outDir, "results.json"));
        Assert.Equal([0, 1], read.Runs.Select(r => r.Seed));
        var refused = Assert.Throws<ArgumentException>(() => LimitedDataExperiment.Run(options with { Kimg = 0.032 }));
        Assert.Contains("Kimg", refused.Message);
    }

    [Fact]
    public void AnExperimentRunContinuesItsCellFromTheSnapshot()
    {
        var data = TinyRuns.Dataset(_dir.FullName);
        var options = TinyRuns.Options(data, Path.Combine(_dir.FullName, "cell"), kimg: 0.016);
        var (first, _, firstBefore) = ExperimentRun.Train(options, t => t.Nimg);
        var (all, startNimg, before) = ExperimentRun.Train(options with { Kimg = 0.032 }, t => t.Step);
        Assert.Single(first);
        Assert.Equal([0.016, 0.032], all.Select(e => Math.Round(e.Kimg, 6)));
        Assert.Equal(4, startNimg);  // 32 images in minibatches of 8: the second run went on from step 2
        Assert.Equal(2, File.ReadAllLines(Path.Combine(options.OutDir, "stats.jsonl")).Length);
        // The run's time goes on from what its snapshot recorded (written inside the first run's last tick), and the
        // tick read back from stats.jsonl keeps its time.
        Assert.Equal(TimeSpan.Zero, firstBefore);
        Assert.InRange(before.TotalSeconds, 1e-3, first[0].Elapsed.TotalSeconds);
        Assert.Equal(first[0].Elapsed.TotalSeconds, all[0].Elapsed.TotalSeconds, 6);
        Assert.True(all[1].Elapsed > before + TimeSpan.FromMilliseconds(1));
        // Other options: the cell's folder is replaced, not continued, and its time starts again.
        var (other, _, otherBefore) = ExperimentRun.Train(options with { Kimg = 0.016, Seed = 9 }, t => t.Nimg);
        Assert.Single(other);
        Assert.Equal(TimeSpan.Zero, otherBefore);
        Assert.Single(File.ReadAllLines(Path.Combine(options.OutDir, "stats.jsonl")));
    }

    [Theory]
    [InlineData("kid", "| kid x10^3 |", "| 12.50 |")]
    [InlineData("kid-resnet18", "| kid-resnet18 |", "| 0.01 |")]
    public void KidIsScaledByAThousandOnlyOnInceptionFeatures(string kid, string header, string cell)
    {
        var point = new CurvePoint(20, 0.1, 0.6, new Dictionary<string, double> { ["fd"] = 40, [kid] = 0.0125 });
        var report = new LimitedDataReport(new LimitedDataOptions(), 1000, "fd", kid,
            [new LimitedDataRun(500, "ada", "bgc", [point], null, 60, "run")]);
        var table = report.ToMarkdown();
        Assert.Contains(header, table);
        Assert.Contains(cell, table);
        Assert.Contains("| - |", table);                                           // no D outputs, no gap
    }

    [Fact]
    public void OverfitGapIsTrainingMinusValidationMean()
    {
        Assert.Equal(2.5, new DOutputs([3, 4], [1, 1], [-2]).OverfitGap);
        Assert.Null(new DOutputs([3, 4], [], [-2]).OverfitGap);
        var point = new CurvePoint(20, 0, 0.9, new Dictionary<string, double> { ["fd"] = 40 });
        var run = new LimitedDataRun(100, "noaug", "bgc", [point], new DOutputs([3, 4], [1, 1], [-2]), 60, "run");
        Assert.Contains("| 0.90 | 2.50 | 1.0 |", new LimitedDataReport(new LimitedDataOptions(), 1000, "fd", "kid",
            [run]).ToMarkdown());
    }

    [Fact]
    public void RvIsTheGapOverTrainingMinusGenerated()
    {
        // (3.5 - 1) / (3.5 - (-1.5)) = 0.5; held-out reals scored like fakes: 1.
        Assert.Equal(0.5, new DOutputs([3, 4], [1, 1], [-2, -1]).Rv);
        Assert.Equal(1.0, new DOutputs([2], [-1], [-1]).Rv);
        Assert.Null(new DOutputs([3, 4], [], [-2]).Rv);
        Assert.Null(new DOutputs([1], [0], [1]).Rv);
    }

    [Fact]
    public void BadOptionsAreClearErrors()
    {
        Assert.Contains("--ops",
            Assert.Throws<ArgumentException>(() => new LeakExperimentOptions { Ops = ["hue"] }.Validate()).Message);
        Assert.Contains("--ps",
            Assert.Throws<ArgumentException>(() => new LeakExperimentOptions { Ps = [1.5] }.Validate()).Message);
        Assert.Contains("method 'aug'",
            Assert.Throws<ArgumentException>(() => new LimitedDataOptions { Methods = ["aug"] }.Validate()).Message);
    }

    /// <summary>64 gray 8x8 images with a bright bar along the top edge: the rotation is plain to see.</summary>
    internal static Tensor BarImages()
    {
        var images = full(new long[] { 64, 1, 8, 8 }, -1f);
        images.narrow(2, 0, 2).fill_(1f);
        return images.add_(randn(64, 1, 8, 8, generator: new Generator(3)).mul(0.2));
    }

    [Fact]
    public void OrientationClassifierLearnsWhichWayIsUp()
    {
        using var scope = NewDisposeScope();
        var images = BarImages();
        using var classifier = OrientationClassifier.Train(images.narrow(0, 0, 48), images.narrow(0, 48, 16),
            epochs: 30, batch: 16, seed: 1);
        Assert.True(classifier.HeldOutAccuracy > 0.9, $"accuracy {classifier.HeldOutAccuracy}");
        var shares = classifier.Shares(images.narrow(0, 48, 16).rot90(1, (2, 3)));
        Assert.True(shares[1] > 0.9, $"shares {string.Join(", ", shares)}");
    }

    [Fact]
    public void AStudysOrientationClassifierIsTrainedOnceAndLoadedByTheNextProcess()
    {
        using var scope = NewDisposeScope();
        var images = BarImages();
        var dir = Directory.CreateTempSubdirectory("ada-classifier-");
        var path = Path.Combine(dir.FullName, "classifier.dat");
        using var trained = OrientationClassifier.TrainOrLoad(path, images.narrow(0, 0, 48), images.narrow(0, 48, 16),
            epochs: 3, seed: 1);
        // Trained with another seed it would differ; loaded, it predicts exactly as the saved one does.
        using var loaded = OrientationClassifier.TrainOrLoad(path, images.narrow(0, 0, 48), images.narrow(0, 48, 16),
            epochs: 3, seed: 2);
        Assert.Equal(trained.HeldOutAccuracy, loaded.HeldOutAccuracy);
        Assert.Equal(trained.HeldOutRotatedShare, loaded.HeldOutRotatedShare);
        var probe = randn(32, 1, 8, 8, generator: new Generator(9));
        Assert.Equal(trained.Predict(probe), loaded.Predict(probe));
        dir.Delete(true);
    }
}
