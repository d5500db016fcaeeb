using System.CommandLine;
using System.Diagnostics;
using AdaNotebooks.Data;
using AdaNotebooks.Metrics;
using static TorchSharp.torch;

namespace AdaNotebooks.Cli;

/// <summary>`ada bench metrics`: feature-extraction speed of the metrics network on 32x32 images, and the time of
/// a full FD + KID evaluation against a dataset (real features extracted fresh, then from the cache). The
/// "generated" images are the dataset's own images with noise added: the timing does not depend on what they
/// show.</summary>
public static class BenchMetricsCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data")
        {
            Description = "Dataset to evaluate against.",
            DefaultValueFactory = _ => "builtin:emoji32",
        };
        var images = new Option<int>("--images")
        {
            Description = "Images to extract features from for the speed figure.",
            DefaultValueFactory = _ => 10_000,
        };
        var batch = CommonOptions.Batch(32);
        var threads = new Option<int>("--threads")
        {
            Description = "Network threads (ONNX Runtime intra-op; torch for Inception).",
            DefaultValueFactory = _ => 2,
        };
        var detector = new Option<string>("--detector")
        {
            Description = $"{FeatureExtractors.Choices}.",
            DefaultValueFactory = _ => "auto",
        };
        var inception = new Option<string?>("--inception")
        {
            Description = $"Path of {InceptionTorchScript.FileName} (default: " +
                          $"${InceptionTorchScript.EnvironmentVariable}).",
        };
        var command = new Command("metrics", "Feature extraction img/s and the time of a full FD + KID evaluation; " +
                                             "the last line is `metrics extract img/s: N`.")
            { data, images, batch, threads, detector, inception };
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            int count = parse.GetValue(images), batchSize = parse.GetValue(batch),
            threadCount = parse.GetValue(threads);
            if (count < 1 || batchSize < 1 || threadCount < 1)
                throw new UserError("--images, --batch and --threads must be >= 1");
            TorchSharp.torch.set_num_threads(threadCount);
            Console.WriteLine($"load average before: {LoadAverage()}");

            var dataset = Datasets.Open(parse.GetValue(data)!);
            var clock = Stopwatch.StartNew();
            using var extractor = FeatureExtractors.Create(parse.GetValue(detector), parse.GetValue(inception),
                threadCount, batchSize, resolution: dataset.Height, log: Console.WriteLine);
            Console.WriteLine($"network: {extractor.Name} ({extractor.Fingerprint}), D = {extractor.Dimension}, " +
                              $"loaded in {clock.Elapsed.TotalSeconds:0.00} s");

            Console.WriteLine($"dataset: {dataset}");

            // 1. Extraction speed: the dataset's images, repeated to `count`, 512 at a time.
            var indices = Enumerable.Range(0, count).Select(i => i % dataset.Count).ToArray();
            using (var warm = NewDisposeScope())
                extractor.Extract(Bytes(dataset, indices[..Math.Min(batchSize, count)]));
            clock.Restart();
            for (int start = 0; start < count; start += 512)
            {
                using var scope = NewDisposeScope();
                extractor.Extract(Bytes(dataset, indices[start..Math.Min(count, start + 512)]));
            }
            double extractSeconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"extract: {count:N0} images {dataset.Channels}x{dataset.Height}x{dataset.Width} in " +
                              $"{extractSeconds:0.0} s, batch {batchSize}, {threadCount} threads");

            // 2. A full FD + KID evaluation: reals (fresh cache, then cached) + as many generated images.
            var cacheFolder = Path.Combine(Path.GetTempPath(), $"ada-bench-metrics-{Environment.ProcessId}");
            try
            {
                using var noisy = NoisyCopy(dataset);
                var options = new MetricOptions { Cache = new FeatureCache(cacheFolder) };
                foreach (var when in new[] { "fresh", "cached" })
                {
                    clock.Restart();
                    var scores = MetricSuite.Compute(extractor, dataset, FeatureExtraction.FromTensor(noisy),
                        [MetricSuite.Fd, MetricSuite.Kid], dataset.Count, options);
                    Console.WriteLine($"FD + KID ({when} real features), {dataset.Count:N0} real + " +
                                      $"{dataset.Count:N0} generated: {clock.Elapsed.TotalSeconds:0.0} s  " +
                                      string.Join("  ", scores.Select(s => $"{s.Key} {s.Value:0.####}")));
                }
                using var scope = NewDisposeScope();
                var cacheDataset = new FeatureCache(cacheFolder).RealFeatures(dataset, extractor, dataset.Count, out _);
                var fakeFeatures = cacheDataset.flip(0);
                clock.Restart();
                FrechetDistance.Compute(cacheDataset, fakeFeatures);
                double fd = clock.Elapsed.TotalSeconds;
                clock.Restart();
                KernelInceptionDistance.Compute(cacheDataset, fakeFeatures);
                Console.WriteLine($"from features: FD {fd:0.00} s, KID (100 subsets of " +
                                  $"{Math.Min(dataset.Count, 1000)}) {clock.Elapsed.TotalSeconds:0.00} s");
            }
            finally
            {
                if (Directory.Exists(cacheFolder)) Directory.Delete(cacheFolder, recursive: true);
            }
            Console.WriteLine($"load average after: {LoadAverage()}");
            Console.WriteLine($"metrics extract img/s: {count / extractSeconds:0.0}");
            return 0;
        }));
        return command;
    }

    static Tensor Bytes(ImageDataset dataset, int[] indices)
    {
        var bytes = new byte[(long)indices.Length * dataset.ImageSize];
        for (int k = 0; k < indices.Length; k++)
            dataset.CopyImage(indices[k], bytes.AsSpan(k * dataset.ImageSize, dataset.ImageSize));
        return tensor(bytes, [indices.Length, dataset.Channels, dataset.Height, dataset.Width], ScalarType.Byte);
    }

    /// <summary>The dataset as floats in [-1, 1] plus Gaussian noise (sigma 0.2), seeded.</summary>
    static Tensor NoisyCopy(ImageDataset dataset)
    {
        using var scope = NewDisposeScope();
        var images = dataset.ToTensor();
        var noise = randn(images.shape, generator: new Generator(1)).mul(0.2);
        return images.add(noise).clamp(-1, 1).MoveToOuterDisposeScope();
    }

    static string LoadAverage()
        => File.Exists("/proc/loadavg")
            ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3))
            : "unknown";
}
