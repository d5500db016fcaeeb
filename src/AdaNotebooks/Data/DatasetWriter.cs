using System.IO.Compression;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace AdaNotebooks.Data;

/// <summary>Writes a dataset as a zip in the layout of the reference's dataset tool: image i as the PNG
/// <c>{i / 1000:00000}/img{i:00000000}.png</c> and <c>dataset.json</c> with the labels (or <c>"labels": null</c>).
/// Entries are stored uncompressed (PNG is compressed already) with a fixed time stamp, so the same dataset
/// always gives the same bytes. Mirrored datasets are written with their mirrored copies.</summary>
public static class DatasetWriter
{
    static readonly DateTimeOffset Timestamp = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The archive path of image <paramref name="index"/>.</summary>
    public static string EntryName(int index) => $"{index / 1000:00000}/img{index:00000000}.png";

    public static void Write(ImageDataset dataset, string zipPath)
    {
        var pngs = new byte[dataset.Count][];
        ImageDecoding.RunInOrder(dataset.Count, i => pngs[i] = EncodePng(dataset, i));
        var names = Enumerable.Range(0, dataset.Count).Select(EntryName).ToList();
        var labels = dataset.HasLabels ? Enumerable.Range(0, dataset.Count).Select(dataset.Label).ToArray() : null;

        // Write next to the destination, then move, so a failure never leaves half an archive under the real name.
        var full = Path.GetFullPath(zipPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".partial";
        using (var file = File.Create(temporary))
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
        {
            for (int i = 0; i < pngs.Length; i++) Add(zip, names[i], pngs[i], CompressionLevel.NoCompression);
            Add(zip, DatasetJson.FileName, DatasetJson.Write(names, labels), CompressionLevel.Optimal);
        }
        File.Move(temporary, full, overwrite: true);
    }

    /// <summary>Image <paramref name="index"/> as an 8-bit PNG (gray or RGB).</summary>
    public static byte[] EncodePng(ImageDataset dataset, int index)
    {
        var planes = dataset.GetImage(index);
        int h = dataset.Height, w = dataset.Width, plane = h * w;
        using var ms = new MemoryStream();
        var encoder = new PngEncoder
        {
            CompressionLevel = PngCompressionLevel.BestCompression,
            BitDepth = PngBitDepth.Bit8,
        };
        if (dataset.Channels == 1)
        {
            using var gray = Image.LoadPixelData<L8>(planes, w, h);
            gray.Save(ms, encoder);
        }
        else
        {
            var interleaved = new byte[3 * plane];
            for (int i = 0; i < plane; i++)
            {
                interleaved[3 * i] = planes[i];
                interleaved[3 * i + 1] = planes[plane + i];
                interleaved[3 * i + 2] = planes[2 * plane + i];
            }
            using var rgb = Image.LoadPixelData<Rgb24>(interleaved, w, h);
            rgb.Save(ms, encoder);
        }
        return ms.ToArray();
    }

    static void Add(ZipArchive zip, string name, byte[] bytes, CompressionLevel level)
    {
        var entry = zip.CreateEntry(name, level);
        entry.LastWriteTime = Timestamp;
        using var s = entry.Open();
        s.Write(bytes);
    }
}
