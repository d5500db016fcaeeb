using System.Buffers.Binary;
using System.IO.Compression;

namespace AdaNotebooks.Data;

/// <summary>IDX files, the format of MNIST and Fashion-MNIST, plain or gzipped: a magic number (0, 0, type 0x08 for
/// unsigned bytes, number of dimensions), the dimensions as big-endian int32, then the data. Images are
/// [N, rows, cols] (gray), labels [N]. A path may be an images file (<c>*-images-idx3-ubyte[.gz]</c>, its labels
/// file <c>*-labels-idx1-ubyte[.gz]</c> is used when it sits next to it) or a folder: every images file in it,
/// training files first, so Debian's <c>dataset-fashion-mnist</c> folder gives all 70,000 images.</summary>
public static class IdxDataset
{
    const int UnsignedByte = 0x08;

    /// <summary>Whether a file name looks like an IDX file.</summary>
    public static bool IsIdxName(string name) => name.Contains("-idx", StringComparison.Ordinal)
        && name.Contains("-ubyte", StringComparison.Ordinal);

    /// <summary>The images files of a folder: training set first, then the others in name order.</summary>
    public static IReadOnlyList<string> ImageFiles(string folder) =>
        Directory.EnumerateFiles(folder).Where(f => Path.GetFileName(f)
            .Contains("images-idx3-ubyte", StringComparison.Ordinal))
            .OrderBy(f => Path.GetFileName(f).StartsWith("train", StringComparison.Ordinal) ? 0 : 1)
            .ThenBy(f => f, StringComparer.Ordinal).ToList();

    public static ImageDataset Load(string path, DecodeOptions? options = null)
    {
        options ??= DecodeOptions.Default;
        IReadOnlyList<string> files;
        if (Directory.Exists(path))
        {
            files = ImageFiles(path);
            if (files.Count == 0)
                throw new InvalidDataException($"{path}: no IDX images files (*-images-idx3-ubyte[.gz]) in this " +
                                               "folder");
        }
        else if (File.Exists(path))
        {
            if (Path.GetFileName(path).Contains("labels-idx1", StringComparison.Ordinal))
                throw new ArgumentException($"{path}: this is a labels file; pass the images file " +
                                            "(*-images-idx3-ubyte) or the folder");
            files = [path];
        }
        else throw new FileNotFoundException($"{path}: no such file or folder");

        var parts = files.Select(f => (Images: ReadImages(f, options), Labels: LabelsFileFor(f) is { } l
            ? ReadLabels(l, options)
            : null)).ToList();
        if (parts.Any(p => p.Labels is null) && parts.Any(p => p.Labels is not null))
            throw new InvalidDataException($"{path}: some images files have a labels file next to them and some do " +
                                           "not (" +
                                           string.Join(", ", files.Where((_, i) => parts[i].Labels is null)
                                               .Select(Path.GetFileName)) + ")");
        var (rows, cols) = (parts[0].Images.Rows, parts[0].Images.Cols);
        for (int i = 0; i < parts.Count; i++)
        {
            var img = parts[i].Images;
            if (img.Rows != rows || img.Cols != cols)
                throw new InvalidDataException($"{files[i]}: images are {img.Cols}x{img.Rows} but {files[0]} has " +
                                               $"{cols}x{rows}");
            if (parts[i].Labels is { } labels && labels.Length != img.Count)
                throw new InvalidDataException($"{LabelsFileFor(files[i])}: {labels.Length:N0} labels for the " +
                                               $"{img.Count:N0} images of {files[i]}");
        }

        long total = parts.Sum(p => (long)p.Images.Pixels.Length);
        if (total > options.MaxTotalBytes)
            throw new InvalidDataException($"{path}: {total:N0} bytes of images, above the limit of " +
                                           $"{options.MaxTotalBytes:N0}");
        var pixels = new byte[total];
        long offset = 0;
        foreach (var p in parts) { p.Images.Pixels.CopyTo(pixels, offset); offset += p.Images.Pixels.Length; }
        var allLabels = parts[0].Labels is null ? null : parts.SelectMany(p => p.Labels!).ToArray();
        return RawImages.Conform(new ImageDataset(path, pixels, 1, rows, cols, allLabels), options);
    }

    /// <summary>The labels file next to an images file (same name with labels-idx1), if it exists.</summary>
    public static string? LabelsFileFor(string imagesFile)
    {
        var dir = Path.GetDirectoryName(imagesFile) ?? ".";
        var name = Path.GetFileName(imagesFile).Replace("images-idx3", "labels-idx1", StringComparison.Ordinal);
        foreach (var candidate in new[] { name, name.EndsWith(".gz") ? name[..^3] : name + ".gz" })
            if (File.Exists(Path.Combine(dir, candidate)) && candidate != Path.GetFileName(imagesFile))
                return Path.Combine(dir, candidate);
        return null;
    }

    static (byte[] Pixels, int Count, int Rows, int Cols) ReadImages(string file, DecodeOptions options)
    {
        var (dims, data) = Read(file, 3, options);
        return (data, dims[0], dims[1], dims[2]);
    }

    static int[] ReadLabels(string file, DecodeOptions options)
    {
        var (_, data) = Read(file, 1, options);
        return data.Select(b => (int)b).ToArray();
    }

    /// <summary>Reads an IDX file of unsigned bytes with <paramref name="expectedDims"/> dimensions.</summary>
    static (int[] Dims, byte[] Data) Read(string file, int expectedDims, DecodeOptions options)
    {
        var bytes = ReadMaybeGzipped(file, options);
        if (bytes.Length < 4 || bytes[0] != 0 || bytes[1] != 0)
            throw new InvalidDataException($"{file}: not an IDX file (bad magic number)");
        if (bytes[2] != UnsignedByte)
            throw new InvalidDataException($"{file}: IDX data type 0x{bytes[2]:x2}; only unsigned bytes (0x08) are " +
                                           "supported");
        if (bytes[3] != expectedDims)
            throw new InvalidDataException($"{file}: IDX file has {bytes[3]} dimensions, expected {expectedDims} " +
                                           $"({(expectedDims == 3 ? "images: N, rows, cols" : "labels: N")})");
        int header = 4 + 4 * expectedDims;
        if (bytes.Length < header) throw new InvalidDataException($"{file}: truncated IDX header");
        var dims = new int[expectedDims];
        long size = 1;
        for (int d = 0; d < expectedDims; d++)
        {
            dims[d] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * d));
            if (dims[d] < 1 || (d > 0 && dims[d] > 16384))
                throw new InvalidDataException($"{file}: implausible IDX dimension {d}: {dims[d]}");
            size *= dims[d];
        }
        if (bytes.Length - header != size)
            throw new InvalidDataException($"{file}: IDX header declares {size:N0} data bytes but the file has " +
                                           $"{bytes.Length - header:N0}" +
                                           $"{(bytes.Length - header < size ? " (truncated)" : "")}");
        return (dims, bytes[header..]);
    }

    /// <summary>The file's bytes, inflated if it is gzipped (detected by its magic, not its name), within the
    /// limits.</summary>
    static byte[] ReadMaybeGzipped(string file, DecodeOptions options)
    {
        var raw = File.ReadAllBytes(file);
        if (raw.Length < 2 || raw[0] != 0x1f || raw[1] != 0x8b) return raw;
        try
        {
            using var gz = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[81920];
            int n;
            while ((n = gz.Read(buffer)) > 0)
            {
                output.Write(buffer, 0, n);
                if (output.Length > options.MaxFileBytes)
                    throw new InvalidDataException($"{file}: inflates to more than the limit of " +
                                                   $"{options.MaxFileBytes:N0} bytes");
            }
            return output.ToArray();
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(file)) { throw new InvalidDataException(
            $"{file}: corrupt gzip data ({ImageDecoding.FirstLine(e.Message)})"); }
    }
}
