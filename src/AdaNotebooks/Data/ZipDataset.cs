using System.IO.Compression;

namespace AdaNotebooks.Data;

/// <summary>A zip archive in the layout of the reference's dataset tool: images (any folders, e.g.
/// <c>00000/img00000000.png</c>) and an optional <c>dataset.json</c> at the top with their labels. Entries are read
/// in ordinal order of their names. Declared entry sizes are checked against the limits before anything is
/// inflated, and an entry that inflates to more than it declared is an error (zip bombs).</summary>
public static class ZipDataset
{
    public static ImageDataset Load(string path, DecodeOptions? options = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file");
        using var stream = File.OpenRead(path);
        return Load(stream, path, options);
    }

    /// <param name="name">Names the archive in errors and summaries.</param>
    public static ImageDataset Load(Stream stream, string name, DecodeOptions? options = null)
    {
        options ??= DecodeOptions.Default;
        ZipArchive zip;
        try { zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true); }
        catch (InvalidDataException e) { throw new InvalidDataException($"{name}: not a zip archive " +
            $"({ImageDecoding.FirstLine(e.Message)})"); }
        using (zip)
        {
            var entries = new List<ZipArchiveEntry>();
            ZipArchiveEntry? labelsEntry = null;
            foreach (var entry in zip.Entries)
            {
                var entryName = entry.FullName.Replace('\\', '/');
                if (entryName.EndsWith('/')) continue; // a folder
                if (entryName.Split('/').Any(part => part.StartsWith('.') || part == "__MACOSX")) continue;
                if (entryName == DatasetJson.FileName) { labelsEntry = entry; continue; }
                if (!ImageDecoding.IsImageName(entryName))
                    throw new InvalidDataException($"{name}/{entryName}: not an image file (expected " +
                                                   $"{string.Join(", ", ImageDecoding.Extensions)})");
                entries.Add(entry);
            }
            if (entries.Count == 0) throw new InvalidDataException($"{name}: no images found in the archive");
            entries.Sort((a, b) => string.CompareOrdinal(a.FullName, b.FullName));

            long total = 0;
            foreach (var entry in entries.Append(labelsEntry).OfType<ZipArchiveEntry>())
            {
                if (entry.Length > options.MaxFileBytes)
                    throw new InvalidDataException($"{name}/{entry.FullName}: declares {entry.Length:N0} bytes, " +
                                                   $"above the limit of {options.MaxFileBytes:N0} per file");
                total += entry.Length;
            }
            if (total > options.MaxTotalBytes)
                throw new InvalidDataException($"{name}: entries declare {total:N0} bytes in all, above the limit of " +
                                               $"{options.MaxTotalBytes:N0}");

            var images = entries.Select(e => new EncodedImage($"{name}/{e.FullName}", ReadEntry(name, e))).ToArray();
            int[]? labels = null;
            if (labelsEntry is not null && DatasetJson.Parse($"{name}/{labelsEntry.FullName}",
                ReadEntry(name, labelsEntry)) is { } byPath)
                labels = DatasetJson.Assign($"{name}/{labelsEntry.FullName}", byPath, entries.Select(e => e.FullName)
                    .ToList());
            return ImageDecoding.Decode(name, images, labels, options);
        }
    }

    /// <summary>Exactly the declared number of bytes; more or fewer is an error.</summary>
    static byte[] ReadEntry(string name, ZipArchiveEntry entry)
    {
        var where = $"{name}/{entry.FullName}";
        try
        {
            using var s = entry.Open();
            var bytes = new byte[entry.Length];
            s.ReadExactly(bytes);
            if (s.ReadByte() >= 0)
                throw new InvalidDataException($"{where}: inflates to more than the {entry.Length:N0} bytes it " +
                                               "declares");
            return bytes;
        }
        catch (EndOfStreamException) { throw new InvalidDataException($"{where}: truncated entry (fewer bytes than " +
                                                                      $"the {entry.Length:N0} it declares)"); }
        catch (InvalidDataException e) when (!e.Message.StartsWith(where)) { throw new InvalidDataException(
            $"{where}: corrupt zip entry ({ImageDecoding.FirstLine(e.Message)})"); }
        catch (NotSupportedException e) { throw new InvalidDataException($"{where}: unsupported zip entry " +
            $"({ImageDecoding.FirstLine(e.Message)})"); }
    }
}
