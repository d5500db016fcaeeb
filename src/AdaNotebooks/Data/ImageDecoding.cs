using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace AdaNotebooks.Data;

/// <summary>One encoded image file (from a folder or a zip) with the name errors should point at.</summary>
public sealed record EncodedImage(string Name, byte[] Bytes);

/// <summary>Turns encoded image files (PNG, JPEG, ...) into dataset images, following <see cref="DecodeOptions"/>:
/// the header is checked before anything is decoded (known format, size within the pixel limit, file complete),
/// then each image is decoded as RGBA, resized if asked, composited onto the background and stored as planes.</summary>
public static class ImageDecoding
{
    /// <summary>File extensions read as images (lower case). Multi-frame formats (GIF, TIFF, WebP) are left out:
    /// their decoders would decode every frame of a file whose header announces one.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".png", ".jpg", ".jpeg", ".bmp"];

    // ImageSharp with only the decoders above, so a GIF named .png is refused rather than decoded.
    static readonly Configuration Formats = new(new PngConfigurationModule(), new JpegConfigurationModule(),
        new BmpConfigurationModule());

    public static bool IsImageName(string name) => Extensions.Contains(Path.GetExtension(name).ToLowerInvariant());

    /// <summary>What the header tells: size, whether the image is gray, and its format.</summary>
    public sealed record Header(int Width, int Height, bool Gray, string Format);

    /// <summary>Reads and checks the header of one encoded image. Throws InvalidDataException naming the file for
    /// non-images, corrupt headers, absurd sizes and truncated files.</summary>
    public static Header Inspect(string name, byte[] bytes, DecodeOptions options)
    {
        IImageInfo? info;
        IImageFormat? format;
        try { info = Image.Identify(Formats, bytes, out format); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"{name}: corrupt image header ({FirstLine(e.Message)})");
        }
        if (info is null || format is null)
            throw new InvalidDataException($"{name}: not an image ({bytes.Length:N0} bytes, not PNG, JPEG or BMP)");
        if (info.Width < 1 || info.Height < 1)
            throw new InvalidDataException($"{name}: image is {info.Width}x{info.Height}, which is empty");
        long pixels = (long)info.Width * info.Height;
        if (pixels > options.MaxPixelsPerImage)
            throw new InvalidDataException($"{name}: image is {info.Width}x{info.Height} ({pixels:N0} pixels), above " +
                                           $"the limit of {options.MaxPixelsPerImage:N0} pixels per image");
        CheckComplete(name, bytes, format);
        bool gray = format switch
        {
            PngFormat => info.Metadata.GetPngMetadata().ColorType is PngColorType.Grayscale
                or PngColorType.GrayscaleWithAlpha,
            JpegFormat => info.Metadata.GetJpegMetadata().ColorType == JpegColorType.Luminance,
            _ => false,
        };
        return new Header(info.Width, info.Height, gray, format.Name);
    }

    /// <summary>Decodes every image into one dataset. All images must share one size (unless
    /// <see cref="DecodeOptions.Resolution"/> is given) and one channel count (unless
    /// <see cref="DecodeOptions.Channels"/> is given). Decoding runs in parallel; the error reported is the one of
    /// the first bad file in order, so it does not depend on timing.</summary>
    public static ImageDataset Decode(string datasetName, IReadOnlyList<EncodedImage> images, int[]? labels,
        DecodeOptions options)
    {
        options.Validate();
        if (images.Count == 0) throw new InvalidDataException($"{datasetName}: no images found");

        var headers = new Header[images.Count];
        RunInOrder(images.Count, i => headers[i] = Inspect(images[i].Name, images[i].Bytes, options));

        var first = headers[0];
        int height = options.Resolution ?? first.Height, width = options.Resolution ?? first.Width;
        int channels = options.Channels ?? (first.Gray ? 1 : 3);
        for (int i = 0; i < images.Count; i++)
        {
            var h = headers[i];
            if (options.Resolution is null && (h.Width != width || h.Height != height))
                throw new InvalidDataException($"{images[i].Name}: image is {h.Width}x{h.Height} but the dataset is " +
                                               $"{width}x{height} (like {images[0].Name}); pass --res to resize");
            if (options.Channels is null && h.Gray != first.Gray)
                throw new InvalidDataException($"{images[i].Name}: image is {Kind(h.Gray)} but the dataset is " +
                                               $"{Kind(first.Gray)} (like {images[0].Name}); " +
                                               "pass --channels 3 to expand gray images to RGB, or --channels 1 to " +
                                               "convert all to gray");
        }

        long imageSize = (long)channels * height * width, total = imageSize * images.Count;
        if (total > options.MaxTotalBytes)
            throw new InvalidDataException($"{datasetName}: {images.Count} images of {channels}x{height}x{width} " +
                                           $"need {total:N0} bytes, above the limit of {options.MaxTotalBytes:N0}");
        var pixels = new byte[total];
        RunInOrder(images.Count, i =>
            DecodeInto(images[i].Name, images[i].Bytes, channels, height, width, options,
                pixels.AsSpan((int)(i * imageSize), (int)imageSize)));
        return new ImageDataset(datasetName, pixels, channels, height, width, labels);
    }

    /// <summary>Decodes one image into <paramref name="destination"/> (C x height x width planes).</summary>
    public static void DecodeInto(string name, byte[] bytes, int channels, int height, int width, DecodeOptions options,
        Span<byte> destination)
    {
        Image<Rgba32> image;
        try { image = Image.Load<Rgba32>(Formats, bytes); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"{name}: corrupt or truncated image ({FirstLine(e.Message)})");
        }
        using (image)
        {
            Resize(image, height, width, options);
            ToPlanes(image, channels, options.Background, destination);
        }
    }

    /// <summary>Resizes to width x height (crop or pad to the aspect first, per <see cref="DecodeOptions.Crop"/>);
    /// pad margins stay transparent until composited onto the background. Nothing happens at the right size.</summary>
    public static void Resize(Image<Rgba32> image, int height, int width, DecodeOptions options)
    {
        if (image.Width == width && image.Height == height) return;
        image.Mutate(x => x.Resize(new ResizeOptions
        {
            Size = new Size(width, height),
            Mode = options.Crop == CropMode.Pad ? ResizeMode.Pad : ResizeMode.Crop,
            Position = AnchorPositionMode.Center,
            PadColor = Color.Transparent,
            Sampler = options.Filter == ResizeFilter.Box ? KnownResamplers.Box : KnownResamplers.Lanczos3,
        }));
    }

    /// <summary>RGBA pixels composited onto <paramref name="background"/> (alpha-weighted, rounded), as 1 (luma)
    /// or 3 planes.</summary>
    public static void ToPlanes(Image<Rgba32> image, int channels, Rgb24 background, Span<byte> destination)
    {
        int h = image.Height, w = image.Width, plane = h * w;
        var rgb = new byte[3 * plane];
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < h; y++)
            {
                var row = rows.GetRowSpan(y);
                for (int x = 0; x < w; x++)
                {
                    var p = row[x];
                    int i = y * w + x, a = p.A;
                    rgb[i] = Over(p.R, background.R, a);
                    rgb[plane + i] = Over(p.G, background.G, a);
                    rgb[2 * plane + i] = Over(p.B, background.B, a);
                }
            }
        });
        if (channels == 3) { rgb.CopyTo(destination); return; }
        for (int i = 0; i < plane; i++)
            destination[i] = (byte)Math.Round(0.299 * rgb[i] + 0.587 * rgb[plane + i] + 0.114 * rgb[2 * plane + i]);
    }

    static byte Over(byte c, byte background, int alpha) =>
        alpha == 255 ? c : (byte)((c * alpha + background * (255 - alpha) + 127) / 255);

    /// <summary>Some decoders fill a truncated file with gray instead of failing; the end markers tell.</summary>
    static void CheckComplete(string name, byte[] bytes, IImageFormat format)
    {
        if (format is PngFormat && bytes.AsSpan().LastIndexOf("IEND"u8) < 0)
            throw new InvalidDataException($"{name}: truncated PNG (no IEND chunk)");
        if (format is JpegFormat)
        {
            var span = bytes.AsSpan();
            int lastScan = span.LastIndexOf([(byte)0xFF, (byte)0xDA]), end = span.LastIndexOf([(byte)0xFF, (byte)0xD9]);
            if (lastScan < 0 || end < lastScan)
                throw new InvalidDataException($"{name}: truncated JPEG (no end-of-image marker after the last scan)");
        }
    }

    /// <summary>Runs <paramref name="body"/> for 0..n-1 in parallel and rethrows the failure of the lowest
    /// index.</summary>
    internal static void RunInOrder(int n, Action<int> body)
    {
        var errors = new Exception?[n];
        Parallel.For(0, n, (i, loop) =>
        {
            try { body(i); }
            catch (Exception e) { errors[i] = e; loop.Break(); } // Break still runs every lower index
        });
        var error = errors.FirstOrDefault(e => e is not null);
        if (error is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
    }

    static string Kind(bool gray) => gray ? "gray (1 channel)" : "RGB (3 channels)";

    internal static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
