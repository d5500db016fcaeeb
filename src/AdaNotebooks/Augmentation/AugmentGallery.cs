using static TorchSharp.torch;

namespace AdaNotebooks.Augmentation;

/// <summary>One row of a gallery: a label and its images [K, C, H, W] (one per column).</summary>
public sealed record GalleryRow(string Label, Tensor Images);

/// <summary>What an augmentation does, laid out for looking at: rows are transformations (or presets), columns are
/// debug percentiles or p values, applied to one image.</summary>
public sealed record AugmentGallery(string Title, IReadOnlyList<string> Columns, IReadOnlyList<GalleryRow> Rows)
{
    public static readonly double[] DefaultPercentiles = [0.0, 0.15, 0.3, 0.5, 0.7, 0.85, 1.0];

    /// <summary>Each transformation <paramref name="spec"/> enables (<see cref="Transformation"/>: the paper's 18 when
    /// all are on, imgfilter's four bands one row each) alone, at each debug percentile, on <paramref name="image"/>
    /// [C, H, W] or [1, C, H, W].</summary>
    public static AugmentGallery OpsByPercentile(AugmentSpec spec, Tensor image,
        IReadOnlyList<double>? percentiles = null)
    {
        var qs = percentiles ?? DefaultPercentiles;
        var x = image.dim() == 3 ? image.unsqueeze(0) : image[..1];
        var rows = Transformation.EnabledIn(spec, x.shape[1]).Select(t => new GalleryRow(
            $"{t.Number}. {t.Label}", AtPercentiles(t.Alone(spec), x, qs))).ToList();
        return new AugmentGallery("transformations by debug percentile", qs.Select(q => $"q = {q:0.##}").ToList(),
            rows);
    }

    /// <summary>The image augmented by <paramref name="spec"/> at each debug percentile (clamped to [1e-4, 1 - 1e-4]:
    /// the normal draws are infinite at 0 and 1), one image per percentile.</summary>
    public static Tensor AtPercentiles(AugmentSpec spec, Tensor image, IReadOnlyList<double> percentiles)
    {
        var pipe = new AugmentPipe(spec);
        return cat(percentiles.Select(q => pipe.AugmentAtPercentile(image, Math.Clamp(q, 1e-4, 1 - 1e-4))).ToArray(),
            0).detach();
    }

    /// <summary>Random augmentations of one image by preset (rows) at each p (columns), from a fixed seed.</summary>
    public static AugmentGallery PresetsByP(IReadOnlyList<string> presets, IReadOnlyList<double> ps, Tensor image,
        int samples = 1, ulong seed = 0)
    {
        var x = image.dim() == 3 ? image.unsqueeze(0) : image[..1];
        var rows = new List<GalleryRow>();
        foreach (var preset in presets)
            for (int s = 0; s < samples; s++)
            {
                var images = ps.Select(p => new AugmentPipe(AugmentSpec.Preset(preset), p,
                    new Generator(seed + (ulong)s * 7919)).Augment(x)).ToArray();
                rows.Add(new GalleryRow(samples == 1 ? preset : $"{preset} #{s + 1}", cat(images, 0).detach()));
            }
        return new AugmentGallery("presets by p", ps.Select(p => $"p = {p:0.##}").ToList(), rows);
    }
}
