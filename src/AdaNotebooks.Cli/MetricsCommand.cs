using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using AdaNotebooks.Data;
using AdaNotebooks.IO;
using AdaNotebooks.Metrics;
using AdaNotebooks.Training;
using static TorchSharp.torch;

namespace AdaNotebooks.Cli;

/// <summary>`ada metrics`: FD, KID and precision/recall of a snapshot's G_ema (or of images in a .npy) against a
/// dataset. Prints one `name: value` line per score; scores from networks other than the standard Inception-v3 carry
/// the network's name (fd-resnet18-112, ...).</summary>
public static class MetricsCommand
{
    public static Command Create()
    {
        var snapshotPath = new Option<string?>("--snapshot")
        {
            Description = "A snapshot file, or a folder (its latest snapshot): its G_ema generates the images.",
        };
        var fakesPath = new Option<string?>("--fakes")
        {
            Description = "Instead of --snapshot: a .npy of generated images (float32 NCHW in [-1, 1]).",
        };
        var data = new Option<string>("--data")
        {
            Description = "The real images: builtin:NAME, a .zip, a folder, CIFAR-10 or IDX files.",
            Required = true,
        };
        var metrics = new Option<string>("--metrics")
        {
            Description = "Any of fd, kid, pr, comma-separated.",
            DefaultValueFactory = _ => "fd,kid",
        };
        var num = new Option<int?>("--num")
        {
            Description = "Generated images (default: 10000 from a snapshot, all images of --fakes).",
        };
        var maxReals = new Option<int?>("--max-reals")
        {
            Description = "Use at most this many real images (default: all).",
        };
        var detector = new Option<string>("--detector")
        {
            Description = "auto (Inception-v3 if its file is given, else resnet18-112), inception, resnet18-112 " +
                          "(offline ResNet18 on 112x112 inputs), resnet18 (the same on 224x224, slower) or fmnist (a " +
                          "Fashion-MNIST classifier trained once at the data's resolution).",
            DefaultValueFactory = _ => "auto",
        };
        var inception = new Option<string?>("--inception")
        {
            Description = $"Path of {InceptionTorchScript.FileName} (default: " +
                          $"${InceptionTorchScript.EnvironmentVariable}).",
        };
        var inceptionSha = new Option<string?>("--inception-sha256")
        {
            Description = "SHA-256 of the official inception-2015-12-05.pt (default: " +
                          $"${InceptionTorchScript.Sha256Variable}); " +
                          "scores are called fid/kid only when the file has it.",
        };
        var cache = new Option<string?>("--cache")
        {
            Description = $"Folder of cached real features (default: ${FeatureCache.EnvironmentVariable} or " +
                          "~/.cache/adanotebooks/metrics).",
        };
        var trunc = new Option<double>("--trunc")
        {
            Description = "Truncation psi for --snapshot (1 = none, as published metrics use).",
            DefaultValueFactory = _ => 1.0,
        };
        var seed = new Option<long>("--seed")
        {
            Description = "Seed of the latents, the per-layer noise and the KID subsets.",
            DefaultValueFactory = _ => 0,
        };
        var threads = CommonOptions.Threads();
        var command = new Command("metrics", "FD/KID/precision-recall of generated images against a dataset (FID and " +
                                             "KID proper with Inception-v3).");
        foreach (var o in new Option[] { snapshotPath, fakesPath, data, metrics, num, maxReals, detector, inception,
            cache, trunc, seed, threads }) command.Options.Add(o);
        command.Options.Add(inceptionSha);
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            if ((parse.GetValue(snapshotPath) is null) == (parse.GetValue(fakesPath) is null))
                throw new UserError("give exactly one of --snapshot and --fakes");
            var metricList = MetricSuite.Parse(parse.GetValue(metrics)!);
            if (parse.GetValue(num) is < 1) throw new UserError($"--num {parse.GetValue(num)}: expected at least 1");
            if (parse.GetValue(maxReals) is < 1)
                throw new UserError($"--max-reals {parse.GetValue(maxReals)}: expected at least 1");
            CommonOptions.ApplyThreads(parse, threads);
            var clock = Stopwatch.StartNew();
            var reals = Datasets.Open(parse.GetValue(data)!);
            using var extractor = FeatureExtractors.Create(parse.GetValue(detector), parse.GetValue(inception),
                parse.GetValue(threads), inceptionSha256: parse.GetValue(inceptionSha), resolution: reals.Height,
                log: Console.WriteLine);
            using var scope = NewDisposeScope();

            Snapshot? snapshot = null;
            try
            {
                Func<int, Tensor> fakes;
                int count;
                string source;
                if (parse.GetValue(fakesPath) is string npy)
                {
                    var images = Npy.Read(npy);
                    if (images.dim() != 4 || images.shape[1] != reals.Channels || images.shape[2] != reals.Height
                        || images.shape[3] != reals.Width)
                        throw new UserError($"{npy}: expected images [N, {reals.Channels}, {reals.Height}, " +
                                            $"{reals.Width}] like {reals.Name}, got " +
                                            $"[{string.Join(", ", images.shape)}]");
                    count = parse.GetValue(num) ?? (int)images.shape[0];
                    if (count > images.shape[0])
                        throw new UserError($"--num {count}: {npy} holds only {images.shape[0]} images");
                    fakes = FeatureExtraction.FromTensor(images);
                    source = npy;
                }
                else
                {
                    snapshot = Snapshot.Load(parse.GetValue(snapshotPath)!);
                    var g = snapshot.GEma;
                    if (g.ImgChannels != reals.Channels || g.Resolution != reals.Height || g.Resolution != reals.Width)
                        throw new UserError($"{snapshot.Path}: the generator makes " +
                                            $"{g.ImgChannels}x{g.Resolution}x{g.Resolution} images, {reals.Name} has " +
                                            $"{reals.Channels}x{reals.Height}x{reals.Width}");
                    g.eval();
                    manual_seed(parse.GetValue(seed)); // the per-layer noise
                    count = parse.GetValue(num) ?? 10_000;
                    fakes = GeneratedImages.FromGenerator(g, reals.HasLabels ? reals : null, parse.GetValue(trunc),
                        parse.GetValue(seed));
                    source = $"{snapshot.Path} (kimg {snapshot.Kimg:0.#}, G_ema, psi {parse.GetValue(trunc)})";
                }

                var options = new MetricOptions
                {
                    MaxReals = parse.GetValue(maxReals),
                    Seed = parse.GetValue(seed),
                    Cache = parse.GetValue(cache) is string folder ? new FeatureCache(folder) : FeatureCache.Default(),
                };
                Console.WriteLine($"network   {extractor.Name}" + extractor switch
                {
                    { IsStandard: true } => " (standard FID detector, SHA-256 verified)",
                    InceptionTorchScript =>
                        $" (SHA-256 not verified as the official {InceptionTorchScript.FileName}: " +
                        "scores are named after the file)",
                    _ => " (not the FID network: scores are named after it)",
                });
                Console.WriteLine($"real      {reals}");
                Console.WriteLine($"generated {count:N0} from {source}");
                var scores = MetricSuite.Compute(extractor, reals, fakes, metricList, count, options);
                foreach (var (name, value) in scores)
                {
                    var scaled = name.StartsWith("kid", StringComparison.Ordinal)
                        ? $"   (x 10^3: {(value * 1e3).ToString("0.###", CultureInfo.InvariantCulture)})"
                        : "";
                    Console.WriteLine($"{name}: {value.ToString("0.######", CultureInfo.InvariantCulture)}{scaled}");
                }
                Console.WriteLine($"time      {clock.Elapsed.TotalSeconds:0.0} s");
                return 0;
            }
            finally
            {
                snapshot?.Dispose();
            }
        }));
        return command;
    }
}
