namespace AdaNotebooks.Data;

/// <summary>A training set and the held-out images kept apart from it (empty when none were asked for).</summary>
public sealed record DatasetSplit(ImageDataset Train, ImageDataset? Validation);

/// <summary>What to train on, given a loaded dataset: hold out <see cref="Validation"/> images (the r_v heuristic
/// needs reals D never trained on), keep a seeded <see cref="Subset"/> of the rest (limited-data experiments:
/// 500 of 60,000), and mirror (x-flip, doubles the set like the reference's <c>--mirror</c>). Applied in that
/// order, so the subset never eats into the validation images and an image and its mirror are never on both
/// sides of the split. Everything is deterministic given <see cref="Seed"/>.</summary>
public sealed record DatasetOptions
{
    /// <summary>Keep this many training images, chosen at random (seeded); all when null.</summary>
    public int? Subset { get; init; }

    /// <summary>Hold out this many images as the validation set.</summary>
    public int Validation { get; init; }

    public bool Mirror { get; init; }

    public int Seed { get; init; }

    public DatasetSplit Apply(ImageDataset dataset)
    {
        if (dataset.XFlip) throw new ArgumentException($"{dataset.Name}: apply the options to an unmirrored dataset");
        ImageDataset train = dataset;
        ImageDataset? validation = null;
        if (Validation > 0)
        {
            var (t, v) = Split(dataset.ImageCount, Validation, Seed);
            validation = dataset.Select(v, dataset.Name + " (validation)");
            train = dataset.Select(t);
        }
        if (Subset is { } n) train = train.Select(SubsetIndices(train.ImageCount, n, Seed));
        if (Mirror)
        {
            train = train.Mirrored();
            validation = validation?.Mirrored();
        }
        return new DatasetSplit(train, validation);
    }

    /// <summary>A seeded random permutation of 0..count-1 (Fisher-Yates on a seeded System.Random, whose
    /// sequence is stable across runs and platforms).</summary>
    public static int[] Permutation(int count, int seed)
    {
        var order = Enumerable.Range(0, count).ToArray();
        var random = new Random(seed);
        for (int i = count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    /// <summary><paramref name="size"/> of 0..count-1 chosen at random, ascending. Like the reference (shuffle,
    /// keep the first N, sort), so with one seed a smaller subset lies inside a larger one.</summary>
    public static int[] SubsetIndices(int count, int size, int seed)
    {
        if (size < 1 || size > count)
            throw new ArgumentException($"subset of {size} images: expected 1..{count} (the dataset has {count})");
        var chosen = Permutation(count, seed)[..size];
        Array.Sort(chosen);
        return chosen;
    }

    /// <summary>Splits 0..count-1 into training and validation indices (both ascending) at random.</summary>
    public static (int[] Train, int[] Validation) Split(int count, int validation, int seed)
    {
        if (validation < 1 || validation >= count)
            throw new ArgumentException($"validation set of {validation} images: expected 1..{count - 1} (the " +
                                        $"dataset has {count}, and some must remain for training)");
        // A different stream from the subset's, so the validation images are not simply the first subset.
        var order = Permutation(count, unchecked(seed * 7919 + 104729));
        var v = order[..validation];
        var t = order[validation..];
        Array.Sort(v);
        Array.Sort(t);
        return (t, v);
    }
}
