namespace AdaNotebooks.Imaging;

/// <summary>A PNG to show in a notebook, with an optional caption: encoded bytes (a sample grid), or a file read when
/// it is shown, so that a missing file (results not committed yet) shows as missing instead of failing the cell.
/// <see cref="Row"/> lays several out side by side.</summary>
public sealed record PngImage
{
    /// <summary>The encoded PNG, when it was given as bytes.</summary>
    public byte[]? Bytes { get; }

    /// <summary>The file, when it was given as a path.</summary>
    public string? File { get; }

    public string? Caption { get; init; }

    PngImage(byte[]? bytes, string? file)
    {
        Bytes = bytes;
        File = file;
    }

    /// <summary>Encoded PNG bytes.</summary>
    public static PngImage Of(byte[] png, string? caption = null) =>
        new(png ?? throw new ArgumentNullException(nameof(png)), null) { Caption = caption };

    /// <summary>A PNG file, read when shown.</summary>
    public static PngImage FromFile(string path, string? caption = null) =>
        new(null, path ?? throw new ArgumentNullException(nameof(path))) { Caption = caption };

    /// <summary>Several images side by side (wrapping), each with its caption.</summary>
    public static PngRow Row(IEnumerable<PngImage> images) => new(images.ToList());

    /// <summary>The PNG's bytes, or null when its file does not exist.</summary>
    public byte[]? Read() => Bytes ?? (System.IO.File.Exists(File) ? System.IO.File.ReadAllBytes(File) : null);
}

/// <summary>PNG images shown side by side, wrapping, each with its caption.</summary>
public sealed record PngRow(IReadOnlyList<PngImage> Images);
