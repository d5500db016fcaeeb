using AdaNotebooks.Experiments;
using AdaNotebooks.Tests.Training;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Experiments;

/// <summary>The orientation classifier's floors per class: a class that is the same upside down is found and read
/// apart, G's images are sorted by a class classifier that ignores their turn, and a study recorded before the reading
/// by class gets it from its runs' last snapshots.</summary>
[Collection("global torch RNG")]
public class ClassFloorsTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ada-class-floors-");
    public void Dispose() => _dir.Delete(true);

    /// <summary>Class 0: a bar along the top (a half turn moves it to the bottom); class 1: bars along the top and the
    /// bottom (the same after a half turn, not after a quarter turn). Alternating, with noise.</summary>
    static (Tensor Images, long[] Labels) TwoClasses(int count)
    {
        var images = full(new long[] { count, 1, 8, 8 }, -1f);
        var labels = new long[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = i % 2;
            images[i, 0].narrow(0, 0, 2).fill_(1f);
            if (i % 2 == 1) images[i, 0].narrow(0, 6, 2).fill_(1f);
        }
        return (images.add_(randn(count, 1, 8, 8, generator: new Generator(5)).mul(0.2)), labels);
    }

    [Fact]
    public void AClassThatIsTheSameUpsideDownIsReadApartAndGsImagesAreSortedByClassWhateverTheirTurn()
    {
        using var scope = NewDisposeScope();
        var (images, labels) = TwoClasses(96);
        var (train, heldOut) = (images.narrow(0, 0, 64), images.narrow(0, 64, 32));
        var (trainLabels, heldOutLabels) = (labels[..64], labels[64..]);
        using var orientation = OrientationClassifier.Train(train, heldOut, epochs: 30, batch: 16, seed: 1);
        var floors = ClassFloors.Measure(orientation, heldOut, heldOutLabels);
        Assert.Equal([0, 1], floors.Classes.Select(c => c.Class));
        Assert.All(floors.Classes, c => Assert.Equal(16, c.Count));
        var (top, both) = (floors.Classes[0], floors.Classes[1]);
        Assert.True(top.HalfTurn < 0.05 && !top.NearSymmetric, $"class 0: half turn {top.HalfTurn}");
        // Upright and upside down are one image: one of the two readings is wrong, whichever way the classifier leans.
        Assert.True(both.HalfTurn is > 0.35 and < 0.65 && both.NearSymmetric, $"class 1: half turn {both.HalfTurn}");
        Assert.Equal(top.Floor, floors.PooledFloor(nearSymmetric: false), 9);

        using var classes = ClassClassifier.Train(train, trainLabels, heldOut, heldOutLabels, 2, epochs: 30,
            batch: 16, seed: 1);
        Assert.True(classes.HeldOutAccuracy > 0.9, $"class accuracy {classes.HeldOutAccuracy}");
        // G's images: class 0 turned by a quarter turn (a leak), class 1 upright.
        var top8 = heldOut.index_select(0, arange(0, 16, 2)).rot90(1, (2, 3));
        var both8 = heldOut.index_select(0, arange(1, 16, 2));
        var read = floors.Read(orientation, classes, cat([top8, both8]));
        Assert.Equal(0.5, read.Others.Share, 9);
        Assert.Equal(0.5, read.NearSymmetric.Share, 9);
        Assert.True(read.Others.Rotated > 0.9, $"others rotated {read.Others.Rotated}");
        Assert.Equal(top.Floor, read.Others.Floor, 9);
    }

    [Fact]
    public void AStudyRecordedBeforeTheReadingByClassGetsItFromItsRunsLastSnapshots()
    {
        var data = TinyRuns.Dataset(_dir.FullName, count: 96, labels: [.. Enumerable.Range(0, 96).Select(i => i % 3)]);
        var options = new LeakExperimentOptions
        {
            Data = data, Resolution = null, OutDir = Path.Combine(_dir.FullName, "leak"), Kimg = 0.016, Batch = 8,
            Ops = ["rotate90"], Ps = [0, 1], Bcr = false, HeldOut = 24, Samples = 8, ClassifierEpochs = 1,
        };
        var first = LeakExperiment.Run(options);
        Assert.Equal(3, first.ClassFloors!.Count);
        Assert.True(first.ClassAccuracy is >= 0 and <= 1, $"class accuracy {first.ClassAccuracy}");
        Assert.All(first.Results, r => Assert.NotNull(r.ByClass));
        var markdown = File.ReadAllText(Path.Combine(options.OutDir, "results.md"));
        Assert.Contains("The orientation classifier's floor per class:", markdown);
        Assert.Contains("rotated, judged: near-symmetric classes", markdown);

        // As a study recorded before: no reading by class in results.json.
        var path = Path.Combine(options.OutDir, "results.json");
        LeakExperiment.Write(first with { Results = [.. first.Results.Select(r => r with { ByClass = null })] },
            options.OutDir);
        var log = new List<string>();
        var again = LeakExperiment.Run(options, log.Add);
        Assert.Contains("2 of 2 cells already recorded; running the other 0", log);
        Assert.Equal(first.Results.Select(r => $"{r.Cell}: read by class from snapshot-000000.016.zip"),
            log.Where(l => l.Contains("read by class")));
        Assert.Equal(first.Results.Select(r => r.ByClass), again.Results.Select(r => r.ByClass));
        Assert.Equal(first.Results.Select(r => r.ByClass), LeakExperiment.Read(path).Results.Select(r => r.ByClass));
    }
}
