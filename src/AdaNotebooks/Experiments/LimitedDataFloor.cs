using AdaNotebooks.Data;
using AdaNotebooks.Metrics;

namespace AdaNotebooks.Experiments;

/// <summary>The instrument's floor: the scores of real training images against the held-out reference set, with as
/// many images as a score of generated ones. With a few hundred images the features' sampling noise alone keeps FD
/// well above zero; a generator cannot be told apart from the real distribution below this level.</summary>
public static class LimitedDataFloor
{
    /// <summary>The scores of <paramref name="count"/> training images (a seeded random choice; all of them when there
    /// are fewer) against the held-out images, under the given metrics.</summary>
    public static Dictionary<string, double> Compute(IFeatureExtractor extractor, ExperimentData data,
        IEnumerable<string> metrics, int count, int seed)
    {
        var chosen = DatasetOptions.Permutation(data.Train.Count, seed)[..Math.Min(count, data.Train.Count)];
        return Scores(extractor, data, data.Train, chosen, metrics);
    }

    /// <summary>What a G that only memorised its training images would reach: the scores of the images a run of
    /// this size and seed trains on, repeated to <paramref name="count"/> images, against the held-out set.</summary>
    public static Dictionary<string, double> Memorised(IFeatureExtractor extractor, ExperimentData data,
        IEnumerable<string> metrics, int count, int size, int seed, int validation)
    {
        var subset = TrainingSubset(data.Train, size, seed, validation);
        return Scores(extractor, data, subset, Enumerable.Range(0, count).Select(i => i % subset.Count).ToArray(),
            metrics);
    }

    /// <summary>The images a study's run of this size and seed trains on (the trainer holds the validation images
    /// out first, then draws the subset).</summary>
    public static ImageDataset TrainingSubset(ImageDataset train, int? size, int seed, int validation) =>
        new DatasetOptions { Validation = Math.Min(validation, train.Count / 2), Subset = size, Seed = seed }
            .Apply(train).Train;

    static Dictionary<string, double> Scores(IFeatureExtractor extractor, ExperimentData data, ImageDataset images,
        int[] chosen, IEnumerable<string> metrics)
    {
        using var reals = images.ToTensor(chosen);
        return MetricSuite.Compute(extractor, data.HeldOut, FeatureExtraction.FromTensor(reals), metrics,
            chosen.Length);
    }

    /// <summary>The study's floor from its options: the same data and held-out split (both seeded) as the study,
    /// prepared in a temporary folder.</summary>
    public static Dictionary<string, double> Compute(LimitedDataOptions options)
    {
        var directory = Directory.CreateTempSubdirectory("ada-floor-");
        try
        {
            var data = ExperimentData.Prepare(options.Data, options.Resolution, options.Channels, options.HeldOut,
                directory.FullName, options.Seed);
            using var extractor = FeatureExtractors.Create(options.Detector, resolution: data.Train.Height);
            return Compute(extractor, data, options.Metrics, options.MetricNum, options.Seed);
        }
        finally
        {
            directory.Delete(true);
        }
    }

    /// <summary>A report written before the floor was measured, with its floor (run from the folder its data path is
    /// relative to, e.g. the repository's root).</summary>
    public static LimitedDataReport Add(LimitedDataReport report) => report with { Floor = Compute(report.Options) };
}
