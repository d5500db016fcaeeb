using AdaNotebooks.Data;
using AdaNotebooks.Imaging;
using AdaNotebooks.Training;
using static TorchSharp.torch;

namespace AdaNotebooks.Experiments;

/// <summary>A generated image and the training image nearest to it.</summary>
/// <param name="Distance">Pixel L2: the square root of the summed squared differences over every channel and pixel
/// (values in [-1, 1]).</param>
public sealed record NearestImage(int Generated, int Training, double Distance);

/// <summary>Does the generator copy its training set? Each generated image's nearest training image in pixel space,
/// and a picture of the pairs (generated above, nearest training image below). A copy sits at distance 0; a
/// generator that only learned the distribution finds no training image very close.</summary>
public static class Memorisation
{
    /// <summary>The nearest image of <paramref name="training"/> (NCHW) to each of the first
    /// <paramref name="count"/> images of <paramref name="generated"/> (NCHW, the same CHW).</summary>
    public static IReadOnlyList<NearestImage> Nearest(Tensor generated, Tensor training, int count) =>
        Nearest(generated, (int)training.shape[0], CheckedShape(training), (start, n) => training.narrow(0, start, n),
            count);

    /// <summary>The same against a dataset's images, read a block at a time (a large training set is never one
    /// tensor).</summary>
    public static IReadOnlyList<NearestImage> Nearest(Tensor generated, ImageDataset training, int count) =>
        Nearest(generated, training.Count, [training.Channels, training.Height, training.Width],
            (start, n) => training.ToTensor(Enumerable.Range(start, n).ToList()), count);

    static IReadOnlyList<NearestImage> Nearest(Tensor generated, int trainingCount, long[] shape,
        Func<int, int, Tensor> block, int count, int blockSize = 256)
    {
        if (generated.dim() != 4 || !generated.shape[1..].SequenceEqual(shape))
            throw new ArgumentException($"generated images [{string.Join(", ", generated.shape)}] and training " +
                                        $"images [N, {string.Join(", ", shape)}] differ in shape");
        if (count < 1 || count > generated.shape[0] || trainingCount < 1)
            throw new ArgumentException($"count {count}: expected 1..{generated.shape[0]}, and training images");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var g = generated.narrow(0, 0, count).detach().to(float32).cpu().flatten(1);          // [count, D]
        var best = full(count, double.PositiveInfinity, dtype: float32);
        var index = zeros(count, dtype: int64);
        for (int start = 0; start < trainingCount; start += blockSize)
        {
            using var inner = NewDisposeScope();
            int n = Math.Min(blockSize, trainingCount - start);
            var t = block(start, n).detach().to(float32).cpu().flatten(1);                      // [n, D]
            // Differences rather than |g|^2 + |t|^2 - 2 g.t: an exact copy comes out at exactly 0.
            var (distance, at) = g.unsqueeze(1).sub(t.unsqueeze(0)).square().sum(2).min(1);  // [count]
            var closer = distance.lt(best);
            best.copy_(where(closer, distance, best));
            index.copy_(where(closer, at.add(start), index));
        }
        var d = best.sqrt().to(float64).data<double>().ToArray();
        var i = index.data<long>().ToArray();
        return Enumerable.Range(0, count).Select(k => new NearestImage(k, (int)i[k], d[k])).ToList();
    }

    static long[] CheckedShape(Tensor training) => training.dim() == 4
        ? training.shape[1..]
        : throw new ArgumentException($"expected NCHW training images, got [{string.Join(", ", training.shape)}]");

    /// <summary>A PNG of the pairs: the generated images in the top row, below each its nearest training
    /// image.</summary>
    public static byte[] Pairs(Tensor generated, Tensor nearest, int scale = 1)
    {
        using var scope = NewDisposeScope();
        int n = (int)nearest.shape[0];
        return ImageGrid.Png(cat([generated.narrow(0, 0, n).detach().cpu(), nearest.detach().cpu()]), columns: n,
            scale: scale);
    }

    /// <summary>After a run: G_ema's images for the run's first <paramref name="count"/> fixed seeds against the
    /// images the run trained on (<see cref="Trainer.Train"/>: its own subset, validation images left out), written
    /// as the pairs' PNG to <paramref name="path"/>. Returns the matches.</summary>
    public static IReadOnlyList<NearestImage> Write(Trainer trainer, string path, int count = 16)
    {
        using var scope = NewDisposeScope();
        var generated = trainer.FixedSamples(count);
        var matches = Nearest(generated, trainer.Train, (int)generated.shape[0]);
        var nearest = trainer.Train.ToTensor(matches.Select(m => m.Training).ToList());
        File.WriteAllBytes(path, Pairs(generated, nearest, trainer.Config.Resolution <= 32 ? 2 : 1));
        return matches;
    }
}
