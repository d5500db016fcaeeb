using System.Text.RegularExpressions;
using static TorchSharp.torch;

namespace AdaNotebooks.Networks;

/// <summary>What the user tells `ada import` about networks the state dicts cannot reveal (or that should be
/// checked against them). Null = infer from the state dicts.</summary>
public sealed record ImportOptions
{
    public int? Resolution { get; init; }
    public int? ChannelBase { get; init; }
    public int? ChannelMax { get; init; }
    public int? MappingLayers { get; init; }
    /// <summary>The discriminator's architecture ('orig' in the cifar configuration, 'resnet' otherwise).</summary>
    public Architecture? DArchitecture { get; init; }
    /// <summary>Not stored in state dicts: 4 unless told (32 for the cifar configuration).</summary>
    public int MbstdGroup { get; init; } = 4;
    public double? ConvClamp { get; init; } = 256;
}

/// <summary>Builds a <see cref="NetworkConfig"/> from reference state dicts: resolution, image channels, z/w/c
/// dimensions, mapping layers, architectures and per-resolution widths are read from the keys and shapes;
/// channel_base / channel_max are checked against the widths (or chosen to reproduce them when not given).</summary>
public static partial class ReferenceImport
{
    public static NetworkConfig InferConfig(IReadOnlyDictionary<string, Tensor> g,
        IReadOnlyDictionary<string, Tensor>? d, ImportOptions options)
    {
        long[] Shape(IReadOnlyDictionary<string, Tensor> sd, string key, string file)
            => sd.TryGetValue(key, out var t)
                ? t.shape
                : throw new InvalidDataException($"{file}: no '{key}' (is this a StyleGAN2 " +
                                                 $"{(file == "G" ? "generator" : "discriminator")} state dict?)");

        var resolutions = g.Keys.Select(k => SynthesisBlockKey().Match(k)).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value)).Distinct().Order().ToList();
        if (resolutions.Count == 0)
            throw new InvalidDataException("G: no 'synthesis.b*' keys (is this a StyleGAN2 generator state dict?)");
        int res = resolutions[^1];
        if (options.Resolution is int r && r != res)
            throw new InvalidDataException($"G is a {res}x{res} generator, but --res {r} was given");

        var fc0 = Shape(g, "mapping.fc0.weight", "G");
        int wDim = (int)fc0[0];
        int cDim = g.TryGetValue("mapping.embed.weight", out var embed) ? (int)embed.shape[1] : 0;
        int zDim = (int)fc0[1] - (cDim > 0 ? wDim : 0);
        int mappingLayers = g.Keys.Count(k => MappingLayerKey().IsMatch(k));
        if (options.MappingLayers is int m && m != mappingLayers)
            throw new InvalidDataException($"G has {mappingLayers} mapping layers, but --map {m} was given");
        int imgChannels = (int)Shape(g, $"synthesis.b{res}.torgb.weight", "G")[0];
        var gArch = g.ContainsKey($"synthesis.b{res / 2}.torgb.weight") && res > 4 ? Architecture.Skip
            : g.ContainsKey($"synthesis.b{res}.skip.weight") ? Architecture.Resnet : Architecture.Orig;

        var widths = resolutions.ToDictionary(rr => rr, rr => (int)Shape(g, $"synthesis.b{rr}.conv1.weight", "G")[0]);
        var (channelBase, channelMax) = ChooseChannels(widths, options.ChannelBase, options.ChannelMax);

        var dArch = options.DArchitecture ?? Architecture.Resnet;
        int dMapping = 8;
        if (d is not null)
        {
            if (!d.ContainsKey($"b{res}.conv0.weight"))
                throw new InvalidDataException($"D: no 'b{res}.conv0.weight' (is D a {res}x{res} StyleGAN2 " +
                                               "discriminator state dict?)");
            var inferred = d.ContainsKey($"b{res}.skip.weight") ? Architecture.Resnet
                : res > 8 && d.ContainsKey($"b{res / 2}.fromrgb.weight") ? Architecture.Skip : Architecture.Orig;
            if (options.DArchitecture is Architecture given && given != inferred)
                throw new InvalidDataException($"D has the '{inferred.Name()}' architecture, but --architecture " +
                                               $"{given.Name()} was given");
            dArch = inferred;
            int dc = d.TryGetValue("mapping.embed.weight", out var de) ? (int)de.shape[1] : 0;
            if (dc != cDim) throw new InvalidDataException($"G has c_dim {cDim} but D has c_dim {dc}");
            if (dc > 0) dMapping = d.Keys.Count(k => MappingLayerKey().IsMatch(k));
            int dImg = (int)Shape(d, $"b{res}.fromrgb.weight", "D")[1];
            if (dImg != imgChannels)
                throw new InvalidDataException($"G makes {imgChannels}-channel images but D reads {dImg} channels");
        }

        return new NetworkConfig
        {
            Name = "import", Resolution = res, ImgChannels = imgChannels, CDim = cDim, ZDim = zDim, WDim = wDim,
            MappingLayers = mappingLayers, DMappingLayers = dMapping, ChannelBase = channelBase,
            ChannelMax = channelMax,
            GArchitecture = gArch, DArchitecture = dArch, MbstdGroup = options.MbstdGroup,
            ConvClamp = options.ConvClamp,
        }.Validate();
    }

    /// <summary>channel_base and channel_max that reproduce the widths C_r = min(base / r, max); given values are
    /// checked, missing ones chosen (max = C_4; base = the smallest value consistent with the widths).</summary>
    public static (int Base, int Max) ChooseChannels(IReadOnlyDictionary<int, int> widths, int? channelBase,
        int? channelMax)
    {
        int max = channelMax ?? widths.Values.Max();
        int chosenBase;
        if (channelBase is int b) chosenBase = b;
        else
        {
            var below = widths.Where(kv => kv.Value < max).OrderByDescending(kv => kv.Key).ToList();
            chosenBase = below.Count > 0 ? below[0].Value * below[0].Key : max * widths.Keys.Max();
        }
        foreach (var (r, c) in widths.OrderBy(kv => kv.Key))
        {
            int expected = NetworkConfig.Channels(r, chosenBase, max);
            if (expected != c)
                throw new InvalidDataException($"G has {c} channels at {r}x{r}, but channel_base {chosenBase} and " +
                                               $"channel_max {max} give {expected}" +
                                               (channelBase is null && channelMax is null
                                                   ? ""
                                                   : " (check --channel-base / --channel-max)"));
        }
        return (chosenBase, max);
    }

    [GeneratedRegex(@"^synthesis\.b(\d+)\.")]
    private static partial Regex SynthesisBlockKey();

    [GeneratedRegex(@"^mapping\.fc\d+\.weight$")]
    private static partial Regex MappingLayerKey();
}
