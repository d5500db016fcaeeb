using SixLabors.ImageSharp.PixelFormats;

namespace AdaNotebooks.Data;

/// <summary>How images are resampled when they have to change size.</summary>
public enum ResizeFilter
{
    /// <summary>Lanczos-3, as the reference's dataset tool (PIL LANCZOS).</summary>
    Lanczos,
    /// <summary>Box (area average). The reference's published FFHQ numbers were measured on box-filtered
    /// images.</summary>
    Box,
}

/// <summary>How a non-square image becomes square before resizing.</summary>
public enum CropMode
{
    /// <summary>Keep the central square.</summary>
    Center,
    /// <summary>Keep everything; fill the margins with the background.</summary>
    Pad,
}

/// <summary>How encoded images become dataset images, and the limits that keep bad input from exhausting memory.
/// Documented conversions: transparent pixels are composited onto <see cref="Background"/>; 16-bit images are
/// reduced to 8 bits (v * 255 / 65535, rounded); gray images are expanded to RGB (or RGB reduced to luma,
/// 0.299 R + 0.587 G + 0.114 B) only when <see cref="Channels"/> asks for it; images of another size are
/// resampled only when <see cref="Resolution"/> is given. Everything else that does not fit is an error.</summary>
public sealed record DecodeOptions
{
    /// <summary>Resize every image to Resolution x Resolution (crop or pad, then resample). Without it all
    /// images must already have one size.</summary>
    public int? Resolution { get; init; }

    public ResizeFilter Filter { get; init; } = ResizeFilter.Lanczos;

    public CropMode Crop { get; init; } = CropMode.Center;

    /// <summary>1 (gray) or 3 (RGB): convert every image to this. Without it all images must agree.</summary>
    public int? Channels { get; init; }

    /// <summary>What transparent pixels (and the margins of <see cref="CropMode.Pad"/>) become. White by
    /// default.</summary>
    public Rgb24 Background { get; init; } = new(255, 255, 255);

    /// <summary>Largest image accepted, in pixels (width x height), checked from the header before decoding.</summary>
    public long MaxPixelsPerImage { get; init; } = 64L * 1024 * 1024;

    /// <summary>Largest encoded file (or declared size of a zip entry / decompressed IDX file), in bytes.</summary>
    public long MaxFileBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>Largest total of encoded input and of the decoded dataset, in bytes.</summary>
    public long MaxTotalBytes { get; init; } = 2L * 1024 * 1024 * 1024 - 64 * 1024;

    public static DecodeOptions Default { get; } = new();

    /// <summary>Throws ArgumentException for options that make no sense.</summary>
    public void Validate()
    {
        if (Resolution is { } r && (r < 1 || r > 16384)) throw new ArgumentException($"--res {r}: expected 1..16384");
        if (Channels is { } c && c is not (1 or 3))
            throw new ArgumentException($"--channels {c}: expected 1 (gray) or 3 (RGB)");
        if (MaxPixelsPerImage < 1 || MaxFileBytes < 1 || MaxTotalBytes < 1)
            throw new ArgumentException("limits must be positive");
    }
}
