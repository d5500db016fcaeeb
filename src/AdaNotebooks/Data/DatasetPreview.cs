using AdaNotebooks.Imaging;
using static TorchSharp.torch;

namespace AdaNotebooks.Data;

/// <summary>What a dataset looks like at a glance: a grid of samples spread evenly over it and a summary.</summary>
public static class DatasetPreview
{
    /// <summary>Up to <paramref name="n"/> indices spread evenly over 0..count-1 (all when count &lt;= n).</summary>
    public static int[] SampleIndices(int count, int n) =>
        count <= n ? Enumerable.Range(0, count).ToArray()
                   : Enumerable.Range(0, n).Select(k => (int)((long)k * count / n)).ToArray();

    /// <summary>A PNG grid of up to <paramref name="n"/> samples; small images are enlarged so they stay
    /// visible.</summary>
    public static byte[] GridPng(ImageDataset dataset, int n = 64, int? scale = null)
    {
        using var scope = NewDisposeScope();
        var indices = SampleIndices(dataset.Count, n);
        var images = dataset.ToTensor(indices);
        int s = scale ?? (dataset.Height <= 16 ? 4 : dataset.Height <= 48 ? 2 : 1);
        return ImageGrid.Png(images, columns: Math.Min(indices.Length, 16), padding: 2, scale: s);
    }

    /// <summary>Summary lines as (label, value): images, size, channels, labels, class counts, memory.</summary>
    public static IReadOnlyList<(string Label, string Value)> Summary(ImageDataset dataset)
    {
        var lines = new List<(string, string)>
        {
            ("dataset", dataset.Name),
            ("images", dataset.XFlip
                ? $"{dataset.Count:N0} ({dataset.ImageCount:N0} + mirrored)"
                : $"{dataset.Count:N0}"),
            ("resolution", $"{dataset.Width}x{dataset.Height}"),
            ("channels", dataset.Channels == 1 ? "1 (gray)" : "3 (RGB)"),
            ("labels", dataset.HasLabels ? $"{dataset.ClassCount} classes" : "none"),
        };
        if (dataset.HasLabels)
            lines.Add(("class counts", string.Join(", ", dataset.ClassCounts()
                .Select(kv => $"{kv.Key}: {kv.Value:N0}"))));
        lines.Add(("memory", $"{(double)dataset.ImageCount * dataset.ImageSize / (1024 * 1024):0.0} MiB as uint8"));
        return lines;
    }
}
