using AdaNotebooks.Data;
using static TorchSharp.torch;

namespace AdaNotebooks.Metrics;

/// <summary>Runs an extractor over a dataset or over generated images, a chunk at a time (one dispose scope per
/// chunk: memory stays flat however many images there are).</summary>
public static class FeatureExtraction
{
    public const int DefaultChunk = 256;

    /// <summary>Features [count, D] of the first <paramref name="count"/> images of <paramref name="dataset"/>
    /// (all when null; mirrored copies count as images).</summary>
    public static Tensor OfDataset(IFeatureExtractor extractor, ImageDataset dataset, int? count = null,
                                   int chunk = DefaultChunk, Action<int, int>? progress = null)
    {
        int n = count ?? dataset.Count;
        if (n < 1 || n > dataset.Count)
            throw new ArgumentException($"{dataset.Name}: cannot take {n} of its {dataset.Count} images");
        var features = empty(n, extractor.Dimension, dtype: float32);
        int capacity = Math.Min(chunk, n);
        var bytes = new byte[(long)capacity * dataset.ImageSize];
        for (int start = 0; start < n; start += chunk)
        {
            int length = Math.Min(chunk, n - start);
            for (int k = 0; k < length; k++)
                dataset.CopyImage(start + k, bytes.AsSpan(k * dataset.ImageSize, dataset.ImageSize));
            using var scope = NewDisposeScope();
            var images = tensor(bytes, [capacity, dataset.Channels, dataset.Height, dataset.Width], ScalarType.Byte)
                .narrow(0, 0, length);
            features.narrow(0, start, length).copy_(extractor.Extract(images));
            progress?.Invoke(start + length, n);
        }
        return features;
    }

    /// <summary>Features [count, D] of <paramref name="count"/> generated images. <paramref name="fakes"/> is called
    /// repeatedly with a batch size and returns that many new images, float NCHW in [-1, 1] (uint8 is taken as
    /// is); they are quantised to uint8 like the reference before extraction.</summary>
    public static Tensor OfFakes(IFeatureExtractor extractor, Func<int, Tensor> fakes, int count,
                                 int chunk = DefaultChunk, Action<int, int>? progress = null)
    {
        if (count < 1) throw new ArgumentException($"number of generated images {count}: expected at least 1");
        var features = empty(count, extractor.Dimension, dtype: float32);
        for (int start = 0; start < count; start += chunk)
        {
            int length = Math.Min(chunk, count - start);
            using var scope = NewDisposeScope();
            Tensor images;
            using (no_grad()) images = fakes(length);
            if (images.dim() != 4 || images.shape[0] != length)
                throw new ArgumentException($"the image source gave shape [{string.Join(", ", images.shape)}] when " +
                                            $"asked for {length} NCHW images");
            features.narrow(0, start, length).copy_(extractor.Extract(ImageQuantizer.ToUInt8(images)));
            progress?.Invoke(start + length, count);
        }
        return features;
    }

    /// <summary>A source of generated images that serves a fixed tensor (e.g. read from a .npy) in order.</summary>
    public static Func<int, Tensor> FromTensor(Tensor images)
    {
        long next = 0;
        return n =>
        {
            if (next + n > images.shape[0])
                throw new ArgumentException($"asked for {next + n} generated images, only {images.shape[0]} are " +
                                            "available");
            var batch = images.narrow(0, next, n);
            next += n;
            return batch;
        };
    }

    internal static void CheckImages(Tensor images, string who)
    {
        if (images.dim() != 4 || images.shape[1] is not (1 or 3))
            throw new ArgumentException($"{who}: expected uint8 NCHW images with 1 or 3 channels, got shape " +
                                        $"[{string.Join(", ", images.shape)}]");
        if (images.dtype != ScalarType.Byte)
            throw new ArgumentException($"{who}: expected uint8 images (0-255), got {images.dtype}; quantise float " +
                                        "images with ImageQuantizer.ToUInt8");
    }
}
