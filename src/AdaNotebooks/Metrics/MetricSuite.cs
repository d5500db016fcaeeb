using AdaNotebooks.Data;
using static TorchSharp.torch;

namespace AdaNotebooks.Metrics;

/// <summary>FD, KID and precision/recall of generated images against a dataset, as one call (what `ada metrics`
/// runs, and what training calls every N ticks). Real features are cached per dataset + network + count.
///
/// Score names say which network made them: with the standard Inception-v3 detector "fid" and "kid"; with any
/// other network "fd-NAME" and "kid-NAME" (e.g. "fd-resnet18-112" from the offline default, "fd-resnet18" from the
/// same network on 224x224 inputs), so nobody mistakes them for published FID or mixes the two input sizes.
/// Precision/recall always carry the network ("precision-resnet18-112", "recall-inception"): the reference's
/// published precision/recall use VGG16 features, which are not available here.</summary>
public static class MetricSuite
{
    public const string Fd = "fd", Kid = "kid", Pr = "pr";
    public static readonly IReadOnlyList<string> All = [Fd, Kid, Pr];

    /// <summary>"fd,kid,pr" (any subset, any order; "fid" is accepted for "fd") to a checked list.</summary>
    public static IReadOnlyList<string> Parse(string metrics)
    {
        var names = metrics.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(m => m.ToLowerInvariant() switch
            {
                "fd" or "fid" => Fd,
                "kid" => Kid,
                "pr" or "precision" or "recall" => Pr,
                _ => throw new ArgumentException($"--metrics: unknown metric '{m}'; expected a list of fd, kid, pr"),
            })
            .Distinct().ToList();
        if (names.Count == 0) throw new ArgumentException("--metrics: no metric given; expected a list of fd, kid, pr");
        return names;
    }

    /// <summary>The score names one metric produces with this extractor.</summary>
    public static IReadOnlyList<string> ScoreNames(string metric, IFeatureExtractor extractor) => metric switch
    {
        Fd => [extractor.IsStandard ? "fid" : $"fd-{extractor.Name}"],
        Kid => [extractor.IsStandard ? "kid" : $"kid-{extractor.Name}"],
        Pr => [$"precision-{extractor.Name}", $"recall-{extractor.Name}"],
        _ => throw new ArgumentException($"unknown metric '{metric}'; expected fd, kid or pr"),
    };

    /// <summary>Generates <paramref name="num"/> images with <paramref name="fakes"/> (called with batch sizes,
    /// returning float NCHW in [-1, 1]) and scores them against the dataset's images (all of them, or the first
    /// <paramref name="maxReals"/>). Returns score name -> value (KID unscaled; x 10^3 is the usual display).</summary>
    public static Dictionary<string, double> Compute(IFeatureExtractor extractor, ImageDataset reals,
        Func<int, Tensor> fakes,
                                                     IEnumerable<string> metrics, int num,
                                                     MetricOptions? options = null)
    {
        options ??= new MetricOptions();
        var list = metrics.Select(m => Parse(m)).SelectMany(m => m).Distinct().ToList();
        int realCount = Math.Min(reals.Count, options.MaxReals ?? int.MaxValue);
        using var scope = NewDisposeScope();
        var cache = options.Cache ?? FeatureCache.Default();
        var realFeatures = cache.RealFeatures(reals, extractor, realCount, out _, options.Progress is null
            ? null
            : (i, n) => options.Progress("real", i, n));
        var fakeFeatures = FeatureExtraction.OfFakes(extractor, fakes, num, progress: options.Progress is null
            ? null
            : (i, n) => options.Progress("generated", i, n));
        return FromFeatures(extractor, realFeatures, fakeFeatures, list, options);
    }

    /// <summary>The scores from features already extracted.</summary>
    public static Dictionary<string, double> FromFeatures(IFeatureExtractor extractor, Tensor realFeatures,
        Tensor fakeFeatures,
                                                          IEnumerable<string> metrics, MetricOptions? options = null)
    {
        options ??= new MetricOptions();
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var metric in metrics.Select(m => Parse(m)).SelectMany(m => m).Distinct())
        {
            var names = ScoreNames(metric, extractor);
            switch (metric)
            {
                case Fd:
                    scores[names[0]] = FrechetDistance.Compute(realFeatures, fakeFeatures);
                    break;
                case Kid:
                    scores[names[0]] = KernelInceptionDistance.Compute(realFeatures, fakeFeatures, options.KidSubsets,
                        options.KidSubsetSize, options.Seed);
                    break;
                case Pr:
                    var (precision, recall) = PrecisionRecall.Compute(realFeatures, fakeFeatures, options.PrK);
                    scores[names[0]] = precision;
                    scores[names[1]] = recall;
                    break;
            }
        }
        return scores;
    }
}

/// <summary>Settings of <see cref="MetricSuite"/> (defaults follow ADA-SPEC 4).</summary>
public sealed record MetricOptions
{
    /// <summary>Use at most this many real images (default: all).</summary>
    public int? MaxReals { get; init; }

    public int KidSubsets { get; init; } = KernelInceptionDistance.DefaultSubsets;
    public int KidSubsetSize { get; init; } = KernelInceptionDistance.DefaultMaxSubsetSize;
    public int PrK { get; init; } = PrecisionRecall.DefaultK;

    /// <summary>Seed of the KID subsets.</summary>
    public long Seed { get; init; }

    /// <summary>Where real features are cached (default: <see cref="FeatureCache.Default"/>).</summary>
    public FeatureCache? Cache { get; init; }

    /// <summary>Called as images are processed: ("real" or "generated", done, total).</summary>
    public Action<string, int, int>? Progress { get; init; }
}

/// <summary>Metrics during training: what a trainer calls with its G_ema every N ticks.</summary>
public static class TrainingMetrics
{
    /// <summary>A function G_ema -> scores, for <c>Trainer.MetricsProvider</c>. Every call uses the same latents
    /// (seeded; the per-layer noise is random, as in the reference); real features come from the cache.
    /// The network is put in eval mode for the measurement and its previous mode restored.</summary>
    public static Func<Networks.Generator, IReadOnlyDictionary<string, double>> Provider(
        IFeatureExtractor extractor, ImageDataset reals, IEnumerable<string> metrics, int num,
        MetricOptions? options = null)
    {
        var list = metrics.SelectMany(MetricSuite.Parse).Distinct().ToList();
        return generator =>
        {
            bool training = generator.training;
            generator.eval();
            try
            {
                var fakes = GeneratedImages.FromGenerator(generator, reals.HasLabels ? reals : null, seed: options?.Seed
                    ?? 0);
                return MetricSuite.Compute(extractor, reals, fakes, list, num, options);
            }
            finally
            {
                if (training) generator.train();
            }
        };
    }
}
