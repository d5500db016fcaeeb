using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace AdaNotebooks.Data;

/// <summary>Brings a dataset read from raw pixels (CIFAR-10, IDX) to the size and channel count the options ask
/// for, with the same resampling and conversions as decoded images.</summary>
public static class RawImages
{
    public static ImageDataset Conform(ImageDataset dataset, DecodeOptions options)
    {
        options.Validate();
        int size = options.Resolution ?? 0, channels = options.Channels ?? dataset.Channels;
        bool resize = options.Resolution is not null && (dataset.Height != size || dataset.Width != size);
        if (!resize && channels == dataset.Channels) return dataset;

        int height = resize ? size : dataset.Height, width = resize ? size : dataset.Width;
        long imageSize = (long)channels * height * width, total = imageSize * dataset.ImageCount;
        if (total > options.MaxTotalBytes)
            throw new InvalidDataException($"{dataset.Name}: {dataset.ImageCount} images of " +
                                           $"{channels}x{height}x{width} need {total:N0} bytes, above the limit of " +
                                           $"{options.MaxTotalBytes:N0}");
        var pixels = new byte[total];
        ImageDecoding.RunInOrder(dataset.ImageCount, i =>
        {
            using var image = ToImage(dataset.GetImage(i), dataset.Channels, dataset.Height, dataset.Width);
            ImageDecoding.Resize(image, height, width, options);
            ImageDecoding.ToPlanes(image, channels, options.Background, pixels.AsSpan((int)(i * imageSize),
                (int)imageSize));
        });
        var labels = dataset.HasLabels ? Enumerable.Range(0, dataset.ImageCount).Select(dataset.Label).ToArray() : null;
        return new ImageDataset(dataset.Name, pixels, channels, height, width, labels);
    }

    /// <summary>Planar bytes (1 or 3 planes) as an opaque RGBA image; gray is replicated.</summary>
    public static Image<Rgba32> ToImage(byte[] planes, int channels, int height, int width)
    {
        using var rgb = Imaging.ImageTensors.FromPlanes(planes, channels, height, width);
        return rgb.CloneAs<Rgba32>();
    }
}
