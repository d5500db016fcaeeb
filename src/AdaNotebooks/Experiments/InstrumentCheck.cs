using AdaNotebooks.Data;
using AdaNotebooks.Metrics;
using static TorchSharp.torch;

namespace AdaNotebooks.Experiments;

/// <summary>What a limited-data study's instrument can judge, on the study's own split: for each feature network,
/// the FD and KID of (a) two disjoint halves of the held-out reference images, (b) the floor (as many real training
/// images as a score uses, against the reference), (c) those images with their pixels shuffled (far from any
/// image), and (d) for each training-set size and seed, the training subset a run trains on, repeated to the score's
/// count: the distance a G that only memorised its training images would reach.</summary>
public static class InstrumentCheck
{
    /// <param name="create">Makes the network of a detector name at a resolution (default:
    /// <see cref="FeatureExtractors.Create"/>).</param>
    public static InstrumentReport Run(InstrumentOptions options, Action<string>? log = null,
        Func<string, int, IFeatureExtractor>? create = null)
    {
        create ??= (detector, resolution) => FeatureExtractors.Create(detector, resolution: resolution, log: log);
        var folder = Directory.CreateTempSubdirectory("ada-instrument-");
        try
        {
            var data = ExperimentData.Prepare(options.Data, options.Resolution, options.Channels, options.HeldOut,
                folder.FullName, options.Seed);
            var networks = new List<InstrumentNetwork>();
            foreach (var detector in options.Detectors)
            {
                using var extractor = create(detector, data.Train.Height);
                log?.Invoke($"{extractor.Name}: measuring ({extractor.Fingerprint})");
                networks.Add(Measure(extractor, data, options));
            }
            return new InstrumentReport(options, data.Train.Count, data.HeldOut.Count, networks);
        }
        finally
        {
            folder.Delete(true);
        }
    }

    static InstrumentNetwork Measure(IFeatureExtractor extractor, ExperimentData data, InstrumentOptions options)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var scope = NewDisposeScope();
        var reference = FeatureExtraction.OfDataset(extractor, data.HeldOut);
        int half = (int)reference.shape[0] / 2;
        var halves = Scores(reference.narrow(0, 0, half), reference.narrow(0, half, half), options);

        int count = Math.Min(options.MetricNum, data.Train.Count);
        var chosen = DatasetOptions.Permutation(data.Train.Count, options.Seed)[..count];
        var floorImages = data.Train.Select(chosen);
        var floor = Scores(reference, FeatureExtraction.OfDataset(extractor, floorImages), options);
        var shuffled = Scores(reference, FeatureExtraction.OfDataset(extractor, ShufflePixels(floorImages,
            options.Seed)), options);

        var memorised = new List<InstrumentMemorised>();
        foreach (var size in options.Sizes)
            foreach (var seed in options.Seeds)
            {
                var subset = LimitedDataFloor.TrainingSubset(data.Train, size, seed, options.Validation);
                var unique = FeatureExtraction.OfDataset(extractor, subset);
                var repeated = unique.index_select(0, arange(count, dtype: ScalarType.Int64).remainder(subset.Count));
                var s = Scores(reference, repeated, options);
                memorised.Add(new InstrumentMemorised(size, seed, s.Fd, s.Kid));
            }
        double? accuracy = extractor is ClassifierFeatures c ? c.HeldOutAccuracy : null;
        double? trainingSeconds = extractor is ClassifierFeatures t ? t.TrainingSeconds : null;
        return new InstrumentNetwork(extractor.Name, extractor.Fingerprint, extractor.Dimension, accuracy,
            trainingSeconds, halves, floor, shuffled, count, memorised, clock.Elapsed.TotalSeconds);
    }

    static InstrumentScores Scores(Tensor a, Tensor b, InstrumentOptions options) => new(
        FrechetDistance.Compute(a, b),
        KernelInceptionDistance.Compute(a, b, KernelInceptionDistance.DefaultSubsets,
            KernelInceptionDistance.DefaultMaxSubsetSize, options.Seed));

    /// <summary>Each image's pixels in a seeded random order of their own (the same bytes, no image left).</summary>
    internal static ImageDataset ShufflePixels(ImageDataset images, int seed)
    {
        var pixels = new byte[(long)images.Count * images.ImageSize];
        var random = new Random(seed);
        for (int i = 0; i < images.Count; i++)
        {
            var image = pixels.AsSpan(i * images.ImageSize, images.ImageSize);
            images.CopyImage(i, image);
            random.Shuffle(image);
        }
        return new ImageDataset(images.Name + " (pixels shuffled)", pixels, images.Channels, images.Height,
            images.Width);
    }
}
