using System.CommandLine;
using System.Diagnostics;
using AdaNotebooks.Data;

namespace AdaNotebooks.Cli;

/// <summary>`ada dataset info|convert|bench`: look at a dataset, convert any supported source to the dataset-tool
/// zip layout, and measure loading speed.</summary>
public static class DatasetCommand
{
    const string PathHelp = "builtin:emoji32, builtin:emoji64, a .zip (dataset-tool layout), a folder of images, " +
                            "CIFAR-10 .bin batches or IDX files";

    public static Command Create()
    {
        var command = new Command("dataset", "Inspect, convert and benchmark datasets.");
        command.Subcommands.Add(Info());
        command.Subcommands.Add(Convert());
        command.Subcommands.Add(Bench());
        return command;
    }

    static Command Info()
    {
        var path = new Argument<string>("path") { Description = PathHelp };
        var grid = new Option<string?>("--grid") { Description = "Also write a PNG grid of samples to this file." };
        var decode = new DatasetCliOptions();
        var command = new Command("info", "Count, resolution, channels, labels and class counts (and a PNG grid of " +
                                          "samples with --grid).");
        command.Arguments.Add(path);
        command.Options.Add(grid);
        decode.AddTo(command);
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            var source = parse.GetValue(path)!;
            var dataset = Datasets.Open(source, decode.Read(parse));
            foreach (var (label, value) in DatasetPreview.Summary(dataset))
                Console.WriteLine($"{label,-13}{value}");
            if (parse.GetValue(grid) is { } gridPath)
            {
                File.WriteAllBytes(gridPath, DatasetPreview.GridPng(dataset));
                Console.WriteLine($"{"grid",-13}{gridPath} ({Math.Min(dataset.Count, 64)} samples)");
            }
            return 0;
        }));
        return command;
    }

    static Command Convert()
    {
        var source = new Argument<string>("source") { Description = PathHelp };
        var destination = new Argument<string>("destination")
        {
            Description = "The .zip to write (dataset-tool layout: 00000/img00000000.png ... and dataset.json).",
        };
        var subset = new Option<int?>("--subset")
        {
            Description = "Keep only this many images, chosen at random (seeded).",
        };
        var seed = new Option<int>("--seed") { Description = "Seed of --subset.", DefaultValueFactory = _ => 0 };
        var decode = new DatasetCliOptions();
        var command = new Command("convert", "Convert any supported dataset to a zip in the layout of the " +
                                             "reference's dataset tool.");
        command.Arguments.Add(source);
        command.Arguments.Add(destination);
        command.Options.Add(subset);
        command.Options.Add(seed);
        decode.AddTo(command);
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            var dest = parse.GetValue(destination)!;
            if (!dest.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"{dest}: the destination must be a .zip file");
            var clock = Stopwatch.StartNew();
            var dataset = Datasets.Open(parse.GetValue(source)!, decode.Read(parse));
            if (parse.GetValue(subset) is { } n)
                dataset = new DatasetOptions { Subset = n, Seed = parse.GetValue(seed) }.Apply(dataset).Train;
            DatasetWriter.Write(dataset, dest);
            Console.WriteLine($"wrote {dest}: {dataset.Count:N0} images, {dataset.Width}x{dataset.Height}, " +
                              $"{(dataset.Channels == 1 ? "gray" : "RGB")}, " +
                              $"{(dataset.HasLabels ? $"{dataset.ClassCount} classes" : "no labels")}, " +
                              $"{new FileInfo(dest).Length / 1024.0 / 1024.0:0.00} MiB in " +
                              $"{clock.Elapsed.TotalSeconds:0.0} s");
            return 0;
        }));
        return command;
    }

    static Command Bench()
    {
        var path = new Argument<string>("path") { Description = PathHelp };
        var batch = CommonOptions.Batch(32);
        var batches = new Option<int>("--batches")
        {
            Description = "Minibatches to time.",
            DefaultValueFactory = _ => 2000,
        };
        var mirror = new Option<bool>("--mirror") { Description = "Mirror the dataset (x-flip) before loading." };
        var decode = new DatasetCliOptions();
        var command = new Command("bench", "Time opening (decoding) a dataset and the loader's minibatch throughput; " +
                                           "the last line is `loader img/s: N`.");
        command.Arguments.Add(path);
        command.Options.Add(batch);
        command.Options.Add(batches);
        command.Options.Add(mirror);
        decode.AddTo(command);
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            int batchSize = parse.GetValue(batch), count = parse.GetValue(batches);
            if (count < 1) throw new ArgumentException($"--batches {count}: expected at least 1");
            // Opened twice: the first time includes one-off start-up (JIT, decoder set-up), the second is the steady
            // rate.
            ImageDataset dataset = null!;
            foreach (var when in new[] { "open (cold)", "open (warm)" })
            {
                var watch = Stopwatch.StartNew();
                dataset = Datasets.Open(parse.GetValue(path)!, decode.Read(parse));
                double open = watch.Elapsed.TotalSeconds;
                Console.WriteLine($"{when}: {dataset.Count:N0} images " +
                                  $"{dataset.Channels}x{dataset.Height}x{dataset.Width} in {open:0.000} s " +
                                  $"({dataset.Count / open:N0} img/s)");
            }
            var clock = Stopwatch.StartNew();
            if (parse.GetValue(mirror)) dataset = dataset.Mirrored();

            using var loader = new DatasetLoader(dataset, batchSize, seed: 0);
            for (int i = 0; i < 20; i++) loader.Next().Dispose(); // warm-up
            clock.Restart();
            double sum = 0;
            for (int i = 0; i < count; i++)
            {
                using var b = loader.Next();
                if (i % 100 == 0) sum += b.Images[0, 0, 0, 0].item<float>(); // touch the data
            }
            double seconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"loader: {count:N0} batches of {batchSize} in {seconds:0.000} s (checksum {sum:0.000})");
            Console.WriteLine($"loader img/s: {count * (double)batchSize / seconds:0}");
            return 0;
        }));
        return command;
    }
}
