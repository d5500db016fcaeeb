using AdaNotebooks.Imaging;
using static TorchSharp.torch;

namespace AdaNotebooks.Data;

/// <summary>A dataset of images held in memory: uint8 NCHW, one size and one channel count (1 or 3), with
/// optional integer labels. Every source (folder, zip, CIFAR-10, IDX, builtin) loads into this one shape, so the
/// loader only ever gathers bytes from one compact array.
/// A mirrored dataset (<see cref="Mirrored"/>) has twice the images: index i &gt;= <see cref="ImageCount"/> is
/// image i - ImageCount flipped left to right (the reference's <c>--mirror</c>), without copying pixels.</summary>
public sealed class ImageDataset
{
    readonly byte[] _pixels;
    readonly int[]? _labels;

    /// <param name="name">Where the images came from (a path or builtin:NAME), shown in summaries and errors.</param>
    /// <param name="pixels">N images of C x H x W bytes, planar (all of R, then G, then B).</param>
    public ImageDataset(string name, byte[] pixels, int channels, int height, int width, int[]? labels = null,
        bool xflip = false)
    {
        if (channels is not (1 or 3))
            throw new ArgumentException($"{name}: {channels} channels; a dataset has 1 (gray) or 3 (RGB)");
        if (height < 1 || width < 1) throw new ArgumentException($"{name}: image size {width}x{height} is empty");
        long imageSize = (long)channels * height * width;
        if (pixels.LongLength % imageSize != 0)
            throw new ArgumentException($"{name}: {pixels.LongLength} bytes is not a whole number of " +
                                        $"{channels}x{height}x{width} images");
        int count = checked((int)(pixels.LongLength / imageSize));
        if (count == 0) throw new InvalidDataException($"{name}: the dataset has no images");
        if (labels is not null)
        {
            if (labels.Length != count)
                throw new ArgumentException($"{name}: {labels.Length} labels for {count} images");
            if (labels.Any(l => l < 0)) throw new ArgumentException($"{name}: labels must be >= 0");
        }
        Name = name;
        _pixels = pixels;
        _labels = labels;
        Channels = channels;
        Height = height;
        Width = width;
        ImageCount = count;
        XFlip = xflip;
    }

    public string Name { get; }
    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }

    /// <summary>Stored images (without mirrored copies).</summary>
    public int ImageCount { get; }

    /// <summary>Whether every image also appears flipped left to right.</summary>
    public bool XFlip { get; }

    /// <summary>Images the dataset yields: <see cref="ImageCount"/>, twice that when mirrored.</summary>
    public int Count => XFlip ? 2 * ImageCount : ImageCount;

    /// <summary>Bytes per image: C x H x W.</summary>
    public int ImageSize => Channels * Height * Width;

    public bool HasLabels => _labels is not null;

    /// <summary>Number of classes (largest label + 1), 0 without labels.</summary>
    public int ClassCount => _labels is null ? 0 : _labels.Max() + 1;

    /// <summary>The stored pixels (N x C x H x W, unmirrored). Do not modify.</summary>
    public ReadOnlySpan<byte> Pixels => _pixels;

    /// <summary>The label of image <paramref name="index"/> (mirrored copies share their original's label).</summary>
    public int Label(int index)
    {
        if (_labels is null) throw new InvalidOperationException($"{Name}: the dataset has no labels");
        return _labels[StoredIndex(index)];
    }

    /// <summary>Images per class label (labelled datasets only), ordered by label.</summary>
    public SortedDictionary<int, int> ClassCounts()
    {
        var counts = new SortedDictionary<int, int>();
        if (_labels is null) return counts;
        foreach (var l in _labels) counts[l] = counts.GetValueOrDefault(l) + 1;
        if (XFlip) foreach (var k in counts.Keys.ToList()) counts[k] *= 2;
        return counts;
    }

    /// <summary>Copies image <paramref name="index"/> (CHW bytes) into <paramref name="destination"/>, flipped if
    /// the index is a mirrored copy.</summary>
    public void CopyImage(int index, Span<byte> destination)
    {
        int stored = StoredIndex(index);
        var source = _pixels.AsSpan(stored * ImageSize, ImageSize);
        if (index < ImageCount) { source.CopyTo(destination); return; }
        for (int row = 0; row < Channels * Height; row++)
        {
            var src = source.Slice(row * Width, Width);
            var dst = destination.Slice(row * Width, Width);
            for (int x = 0; x < Width; x++) dst[x] = src[Width - 1 - x];
        }
    }

    /// <summary>Image <paramref name="index"/> as CHW bytes.</summary>
    public byte[] GetImage(int index)
    {
        var image = new byte[ImageSize];
        CopyImage(index, image);
        return image;
    }

    /// <summary>Images at <paramref name="indices"/> (all images when null) as a float tensor in [-1, 1],
    /// NCHW.</summary>
    public Tensor ToTensor(IReadOnlyList<int>? indices = null)
    {
        int n = indices?.Count ?? Count;
        var bytes = new byte[(long)n * ImageSize];
        for (int k = 0; k < n; k++) CopyImage(indices?[k] ?? k, bytes.AsSpan(k * ImageSize, ImageSize));
        return ImageTensors.FromBytes(bytes, [n, Channels, Height, Width]);
    }

    /// <summary>The same images, each also flipped left to right (doubles <see cref="Count"/>).</summary>
    public ImageDataset Mirrored() => XFlip ? this : new ImageDataset(Name, _pixels, Channels, Height, Width, _labels,
        xflip: true);

    /// <summary>A new dataset of the stored images at <paramref name="indices"/>, in that order. Applies to
    /// unmirrored datasets only: choose subsets and splits first, then mirror each part, so an image and its
    /// mirror never end up on both sides of a split.</summary>
    public ImageDataset Select(IReadOnlyList<int> indices, string? name = null)
    {
        if (XFlip) throw new InvalidOperationException($"{Name}: select images before mirroring");
        var pixels = new byte[(long)indices.Count * ImageSize];
        var labels = _labels is null ? null : new int[indices.Count];
        for (int k = 0; k < indices.Count; k++)
        {
            int i = indices[k];
            if ((uint)i >= (uint)ImageCount)
                throw new ArgumentOutOfRangeException(nameof(indices), $"index {i} is outside 0..{ImageCount - 1}");
            _pixels.AsSpan(i * ImageSize, ImageSize).CopyTo(pixels.AsSpan(k * ImageSize, ImageSize));
            if (labels is not null) labels[k] = _labels![i];
        }
        return new ImageDataset(name ?? Name, pixels, Channels, Height, Width, labels);
    }

    /// <summary>A one-paragraph summary: name, count, size, channels, labels.</summary>
    public override string ToString()
    {
        var labels = HasLabels ? $"{ClassCount} classes" : "no labels";
        var mirror = XFlip ? $" ({ImageCount} + mirrored)" : "";
        return $"{Name}: {Count} images{mirror}, {Width}x{Height}, {(Channels == 1 ? "gray" : "RGB")}, {labels}";
    }

    int StoredIndex(int index)
    {
        if ((uint)index >= (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(index), $"image {index} is outside 0..{Count - 1}");
        return index < ImageCount ? index : index - ImageCount;
    }
}
