using static TorchSharp.torch;

namespace AdaNotebooks.Experiments;

/// <summary>The orientation classifier's floor on upright held-out reals of one class: <paramref name="Judged"/> the
/// share its confidence gate passes, <paramref name="Floor"/> the share of those called rotated (k != 0) and
/// <paramref name="HalfTurn"/> how often it mistakes a half turn, over all of the class's reals: upright ones called
/// k = 2 and half-turned ones called k = 0, averaged (about 1/2 for a class that is the same upside down, whichever
/// way the classifier leans). A class whose half-turn share exceeds <see cref="ClassFloors.NearSymmetricHalfTurn"/>
/// looks alike under a half turn to the classifier (<paramref name="NearSymmetric"/>): a leak among its images is
/// read apart.</summary>
public sealed record ClassFloor(int Class, int Count, double Judged, double Floor, double HalfTurn,
    bool NearSymmetric);

/// <summary>The gated reading of one group of G's images: <paramref name="Share"/> of all images in the group,
/// <paramref name="Judged"/> the share of the group's images the gate passes, <paramref name="Rotated"/> the share of
/// those called rotated (NaN when none is judged) and <paramref name="Floor"/> the group's pooled floor on reals.
/// </summary>
public sealed record GroupReading(double Share, double Judged, double Rotated, double Floor);

/// <summary>A run's leak read apart for the classes the orientation classifier finds near-symmetric under a half
/// turn (<paramref name="NearSymmetric"/>) and the others (<paramref name="Others"/>).</summary>
public sealed record LeakByClass(GroupReading Others, GroupReading NearSymmetric);

/// <summary>Per-class floors of the orientation classifier (the issue with one pooled floor: a class that looks the
/// same upside down, a bag say, reads rotated on reals at a rate no other class does), and G's images read apart by
/// the classes a <see cref="ClassClassifier"/> assigns them.</summary>
public sealed class ClassFloors(IReadOnlyList<ClassFloor> classes)
{
    /// <summary>Half-turn share on upright reals above which a class is reported apart: the readable rule's margin,
    /// so that a class whose floor alone could hide a leak that rule would call real is set aside.</summary>
    public const double NearSymmetricHalfTurn = LeakDesignReport.ReadableMargin;

    public IReadOnlyList<ClassFloor> Classes { get; } = classes;

    /// <summary>The per-class floors on upright <paramref name="heldOut"/> reals with classes
    /// <paramref name="labels"/>.</summary>
    public static ClassFloors Measure(OrientationClassifier orientation, Tensor heldOut, long[] labels,
        double confidence = OrientationClassifier.DefaultConfidence)
    {
        var (turns, sure) = orientation.PredictWithConfidence(heldOut);
        long[] upsideDown;
        using (var turned = heldOut.rot90(2, (2, 3))) upsideDown = orientation.Predict(turned);
        var floors = labels.Distinct().Order().Select(c =>
        {
            var mine = Enumerable.Range(0, labels.Length).Where(i => labels[i] == c).ToArray();
            var judged = mine.Where(i => sure[i] >= confidence).ToArray();
            double Called(Func<long, bool> k) => judged.Length == 0
                ? double.NaN
                : judged.Count(i => k(turns[i])) / (double)judged.Length;
            double halfTurn = (mine.Count(i => turns[i] == 2) + mine.Count(i => upsideDown[i] == 0)) /
                              (2.0 * mine.Length);
            return new ClassFloor((int)c, mine.Length, judged.Length / (double)mine.Length, Called(k => k != 0),
                halfTurn, halfTurn > NearSymmetricHalfTurn);
        });
        return new ClassFloors([.. floors]);
    }

    /// <summary>The floor of a group of classes, pooled over its judged reals (NaN for an empty group).</summary>
    public double PooledFloor(bool nearSymmetric)
    {
        var group = Classes.Where(c => c.NearSymmetric == nearSymmetric && c.Judged > 0).ToList();
        double judged = group.Sum(c => c.Count * c.Judged);
        return judged == 0 ? double.NaN : group.Sum(c => c.Count * c.Judged * c.Floor) / judged;
    }

    /// <summary><paramref name="images"/> read apart: sorted by the class <paramref name="classifier"/> gives each,
    /// then each group's gated reading by <paramref name="orientation"/>.</summary>
    public LeakByClass Read(OrientationClassifier orientation, ClassClassifier classifier, Tensor images)
    {
        var symmetric = Classes.Where(c => c.NearSymmetric).Select(c => (long)c.Class).ToHashSet();
        var classes = classifier.Predict(images);
        GroupReading Group(bool nearSymmetric)
        {
            var index = Enumerable.Range(0, classes.Length).Where(i => symmetric.Contains(classes[i]) == nearSymmetric)
                .Select(i => (long)i).ToArray();
            double share = index.Length / (double)Math.Max(1, classes.Length);
            if (index.Length == 0) return new GroupReading(0, double.NaN, double.NaN, PooledFloor(nearSymmetric));
            using var picked = tensor(index);
            using var group = images.index_select(0, picked);
            var reading = orientation.Read(group);
            return new GroupReading(share, reading.Judged, reading.Rotated, PooledFloor(nearSymmetric));
        }
        return new LeakByClass(Group(false), Group(true));
    }
}
