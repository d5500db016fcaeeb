using System.Globalization;
using AdaNotebooks.Imaging;
using AdaNotebooks.Training;
using static TorchSharp.torch;
using Generator = AdaNotebooks.Networks.Generator;

namespace AdaNotebooks.Networks;

/// <summary>What notebooks and reports show of networks: a grid of samples from fixed seeds and a summary
/// table.</summary>
public static class NetworkPreview
{
    /// <summary>Images from seeds 0 .. count-1 (z as the reference's generate.py draws it), const noise, no
    /// truncation; conditional generators cycle through the classes. The generator's training mode and w_avg are
    /// left untouched.</summary>
    public static Tensor Samples(Generator g, int count = 16)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var seeds = Enumerable.Range(0, count).Select(i => (long)i).ToList();
        var z = LatentSeeds.Z(seeds, g.ZDim);
        Tensor? c = g.CDim > 0 ? nn.functional.one_hot(arange(count, dtype: int64) % g.CDim, g.CDim).to(float32) : null;
        var ws = g.mapping.forward(z, c, skipWAvgUpdate: true);
        return g.synthesis.forward(ws, NoiseMode.Const).detach().MoveToOuterDisposeScope();
    }

    /// <summary>PNG of <see cref="Samples"/>, enlarged so small images stay readable.</summary>
    public static byte[] SamplesPng(Generator g, int count = 16)
    {
        using var scope = NewDisposeScope();
        var images = Samples(g, count);
        int scale = g.Resolution <= 16 ? 4 : g.Resolution <= 48 ? 2 : 1;
        return ImageGrid.Png(images, columns: Math.Min(count, 8), padding: 2, scale: scale);
    }

    /// <summary>(label, value) rows describing a generator.</summary>
    public static IReadOnlyList<(string Label, string Value)> Summary(Generator g) =>
    [
        ("resolution", $"{g.Resolution}x{g.Resolution}, {g.ImgChannels} channel(s)"),
        ("latents", $"z {g.ZDim}, w {g.WDim}, {g.NumWs} ws" + (g.CDim > 0 ? $", {g.CDim} classes" : ", unconditional")),
        ("parameters", g.ParameterCount.ToString("N0", CultureInfo.InvariantCulture)),
    ];

    /// <summary>(label, value) rows describing a snapshot: configuration, parameter counts, kimg, p.</summary>
    public static IReadOnlyList<(string Label, string Value)> Summary(Snapshot s)
    {
        var c = s.Config;
        var rows = new List<(string, string)>
        {
            ("configuration", c.Name),
            ("resolution", $"{c.Resolution}x{c.Resolution}, {c.ImgChannels} channel(s)"),
            ("latents", $"z {c.ZDim}, w {c.WDim}" + (c.CDim > 0 ? $", {c.CDim} classes" : ", unconditional")),
            ("mapping", $"{c.MappingLayers} layers"),
            ("channels", $"base {c.ChannelBase}, max {c.ChannelMax}: " +
                string.Join(" ", Enumerable.Range(2, (int)Math.Log2(c.Resolution) - 1)
                    .Select(i => $"{1 << i}:{c.Channels(1 << i)}"))),
            ("architectures", $"G {c.GArchitecture.Name()}, D {c.DArchitecture.Name()}, mbstd group {c.MbstdGroup}, " +
                              $"conv_clamp {c.ConvClamp?.ToString(CultureInfo.InvariantCulture) ?? "none"}"),
            ("parameters", $"G {s.G.ParameterCount.ToString("N0", CultureInfo.InvariantCulture)}, D " +
                (s.D is null ? "none" : s.D.ParameterCount.ToString("N0", CultureInfo.InvariantCulture))),
            ("kimg", s.Kimg.ToString("0.###", CultureInfo.InvariantCulture)),
            ("p", s.P?.ToString("0.###", CultureInfo.InvariantCulture) ?? "unknown"),
        };
        if (s.Path is not null) rows.Add(("file", s.Path));
        return rows;
    }
}
