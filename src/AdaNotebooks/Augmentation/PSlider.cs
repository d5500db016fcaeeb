using System.Globalization;
using System.Net;
using System.Text;
using AdaNotebooks.Charts;
using AdaNotebooks.Imaging;
using static TorchSharp.torch;

namespace AdaNotebooks.Augmentation;

/// <summary>One frame of a <see cref="PSlider"/>: the batch augmented at <see cref="P"/> (PNG grid), the share of
/// its images the pipeline changed, and each transformation alone at debug percentile q = p (one PNG each). The PNGs
/// hold one pixel per image pixel (small outputs); the HTML enlarges small images.</summary>
public sealed record PSliderFrame(double P, byte[] Batch, double ChangedShare,
    IReadOnlyList<(string Label, byte[] Png)> Transformations);

/// <summary>What p does, to drag through: one batch augmented at p = 0, 0.1, ..., 1 with the same random draws at
/// every p (as p grows, more gates open, so each image changes one op at a time and never changes back), and each
/// transformation of the spec alone at debug percentile q = p (ADA-SPEC 1.10: every random number at its q-th
/// percentile, gates ignored). The frames are pre-rendered PNGs; <see cref="ToHtml"/> shows them with a slider and a
/// small inline script, so it works offline in notebooks and in exported HTML (without scripts the first frame
/// shows).</summary>
/// <param name="BatchScale">How many times larger than its pixels the batch is shown; likewise
/// <paramref name="ProbeScale"/> for the transformations.</param>
public sealed record PSlider(string Title, IReadOnlyList<PSliderFrame> Frames, int BatchScale = 1, int ProbeScale = 1)
{
    /// <param name="batch">Images [N, C, H, W] in [-1, 1].</param>
    /// <param name="spec">The augmentation (e.g. <c>AugmentSpec.Preset("bgc")</c>).</param>
    /// <param name="probe">The image [C, H, W] or [1, C, H, W] each transformation is shown on (default: the batch's
    /// first image).</param>
    /// <param name="frames">How many values of p from 0 to 1 (11: steps of 0.1).</param>
    /// <param name="seed">The seed of the random draws, the same at every p.</param>
    /// <param name="title">The heading (default: how many transformations, and what the frames show).</param>
    public static PSlider Build(Tensor batch, AugmentSpec spec, Tensor? probe = null, int frames = 11, ulong seed = 1,
        string? title = null)
    {
        if (batch.dim() != 4)
            throw new ArgumentException($"PSlider: expected a batch [N, C, H, W], got shape " +
                                        $"[{string.Join(", ", batch.shape)}]");
        if (frames < 2) throw new ArgumentException($"PSlider: frames must be at least 2, got {frames}");
        using var scope = NewDisposeScope();
        var x = batch.detach().cpu().to(float32);
        var one = probe is null ? x[..1] : probe.dim() == 3 ? probe.unsqueeze(0) : probe[..1];
        one = one.detach().cpu().to(float32);
        var transformations = Transformation.EnabledIn(spec, one.shape[1]);
        var list = new List<PSliderFrame>();
        for (int k = 0; k < frames; k++)
        {
            double p = (double)k / (frames - 1);
            var y = new AugmentPipe(spec, p, new Generator(seed)).Augment(x);
            double changed = y.ne(x).flatten(1).any(1).to(float64).mean().item<double>();
            var tiles = transformations.Select(t => (Label: $"{t.Number}. {t.Label}",
                Png: ImageGrid.Png(AugmentGallery.AtPercentiles(t.Alone(spec), one, [p]), padding: 0))).ToList();
            list.Add(new PSliderFrame(p, ImageGrid.Png(y, padding: 1), changed, tiles));
        }
        title ??= $"{transformations.Count} transformations: the batch augmented at p, and each transformation alone " +
                  "at debug percentile q = p";
        return new PSlider(title, list,
            Enlargement(x.shape[2]), Enlargement(one.shape[2]));
    }

    /// <summary>The slider as one HTML fragment (<see cref="SliderHtml"/>): every frame inline (data URIs).</summary>
    public string ToHtml() =>
        SliderHtml.Render("ada-pslider", Title, "p", Frames.Select(f => (Label(f), Frame(f))).ToList());

    string Frame(PSliderFrame f)
    {
        var sb = new StringBuilder();
        sb.Append($"<img src=\"{Png.DataUri(f.Batch)}\" style=\"image-rendering:pixelated;" +
                  $"width:{Width(f.Batch) * BatchScale}px\" alt=\"the batch at p = {F(f.P)}\"/>");
        sb.Append("<div style=\"display:flex;flex-wrap:wrap;gap:6px;margin-top:6px\">");
        foreach (var (label, png) in f.Transformations)
            sb.Append("<figure style=\"margin:0;width:76px;font-size:10px;text-align:center\">" +
                      $"<img src=\"{Png.DataUri(png)}\" style=\"image-rendering:pixelated;" +
                      $"width:{Math.Min(64, Width(png) * ProbeScale)}px\"/>" +
                      $"<figcaption>{WebUtility.HtmlEncode(label)}</figcaption></figure>");
        return sb.Append("</div>").ToString();
    }

    static string Label(PSliderFrame f) =>
        $"p = {F(f.P)} (the batch; each transformation alone at q = {F(f.P)}): " +
        $"{f.ChangedShare.ToString("P0", CultureInfo.InvariantCulture)} of the batch changed";

    /// <summary>Small images are shown larger: up to 16 pixels high four times, up to 48 twice.</summary>
    static int Enlargement(long height) => height <= 16 ? 4 : height <= 48 ? 2 : 1;

    /// <summary>A PNG's width in pixels (from its header).</summary>
    static int Width(byte[] png) => System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4));

    static string F(double v) => v.ToString("0.0#", CultureInfo.InvariantCulture);
}
