using System.CommandLine;
using AdaNotebooks.IO;
using AdaNotebooks.Training;
using static TorchSharp.torch;

namespace AdaNotebooks.Cli;

/// <summary>`ada score`: D's raw logits [N, 1] (float32 .npy) for images. Minibatch std makes a logit depend on
/// the other members of its group, so images are scored in groups of the configured size, in input order.</summary>
public static class ScoreCommand
{
    public static Command Create()
    {
        var snapshotPath = new Option<string>("--snapshot")
        {
            Description = "A snapshot file, or a folder (its latest snapshot).",
            Required = true,
        };
        var input = new Option<string>("--input")
        {
            Description = "Images: a .npy (float32 NCHW in [-1, 1]) or one PNG image.",
            Required = true,
        };
        var label = new Option<int?>("--class") { Description = "Class index for a conditional discriminator." };
        var output = new Option<string>("--out")
        {
            Description = "Where to write the logits (.npy, float32 [N, 1]).",
            Required = true,
        };
        var command = new Command("score", "Score images with a snapshot's discriminator (raw logits).");
        foreach (var o in new Option[] { snapshotPath, input, label, output }) command.Options.Add(o);
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            var outPath = parse.GetValue(output)!;
            if (!outPath.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
                throw new UserError($"{outPath}: the output must be a .npy file");
            using var snapshot = Snapshot.Load(parse.GetValue(snapshotPath)!);
            var d = snapshot.D ?? throw new UserError($"{snapshot.Path} has no discriminator (import one with " +
                                                      "--discriminator)");
            d.eval();
            var config = snapshot.Config;
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var images = ImageFiles.Read(parse.GetValue(input)!, config.ImgChannels);
            if (images.shape[1] != config.ImgChannels || images.shape[2] != config.Resolution
                || images.shape[3] != config.Resolution)
                throw new UserError($"the discriminator takes [N, {config.ImgChannels}, {config.Resolution}, " +
                                    $"{config.Resolution}] images, got [{string.Join(", ", images.shape)}]");
            var logits = new List<Tensor>();
            foreach (var (start, count) in Batches(images.shape[0], config.MbstdGroup))
            {
                var x = images.narrow(0, start, count);
                logits.Add(d.forward(x, NetworkCli.Labels(config.CDim, parse.GetValue(label), count)));
            }
            var all = cat(logits, 0);
            var dir = Path.GetDirectoryName(Path.GetFullPath(outPath));
            if (dir is not null) Directory.CreateDirectory(dir);
            Npy.Write(outPath, all);
            Console.WriteLine($"wrote {outPath}: {all.shape[0]} logit(s), mean {all.mean().item<float>():0.####}, " +
                              $"positive {all.gt(0).to(float32).mean().item<float>():P0}");
            return 0;
        }));
        return command;
    }

    /// <summary>Consecutive batches whose sizes are multiples of the group size (up to 32 images), plus at most one
    /// smaller remainder batch (its own single group).</summary>
    public static IEnumerable<(long Start, long Count)> Batches(long n, int group)
    {
        long size = Math.Max(group, 32 / group * group);
        long start = 0;
        while (start < n)
        {
            long left = n - start;
            long count = left >= size ? size : left >= group ? left / group * group : left;
            yield return (start, count);
            start += count;
        }
    }
}
