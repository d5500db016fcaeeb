using System.Text.Json;
using System.Text.Json.Serialization;

namespace AdaNotebooks.Networks;

/// <summary>Everything that fixes the shapes of G and D (what a snapshot's config.json stores). Widths per
/// resolution are C_r = min(channel_base / r, channel_max); the reference's fmaps f means channel_base = f * 32768.
/// Presets: <see cref="Cifar"/>, <see cref="Auto"/> (ADA-SPEC 3) and <see cref="Cpu"/> (small, for 2 CPU
/// cores).</summary>
public sealed record NetworkConfig
{
    /// <summary>Preset name ("cifar", "auto", "cpu", "import", or anything).</summary>
    public string Name { get; init; } = "custom";
    public int Resolution { get; init; } = 32;
    public int ImgChannels { get; init; } = 3;
    /// <summary>Label dimensionality; 0 = unconditional.</summary>
    public int CDim { get; init; }
    public int ZDim { get; init; } = 512;
    public int WDim { get; init; } = 512;
    /// <summary>Layers of G's mapping network.</summary>
    public int MappingLayers { get; init; } = 8;
    /// <summary>Layers of D's label mapping network (conditional D only; the reference uses 8).</summary>
    public int DMappingLayers { get; init; } = 8;
    public int ChannelBase { get; init; } = 32768;
    public int ChannelMax { get; init; } = 512;
    public Architecture GArchitecture { get; init; } = Architecture.Skip;
    public Architecture DArchitecture { get; init; } = Architecture.Resnet;
    /// <summary>Minibatch-std group size G (the batch must be divisible by min(G, N)).</summary>
    public int MbstdGroup { get; init; } = 4;
    /// <summary>Output clamp of the convolution layers (256 in every reference configuration); null = none.</summary>
    public double? ConvClamp { get; init; } = 256;

    /// <summary>C_r for this configuration.</summary>
    public int Channels(int resolution) => Channels(resolution, ChannelBase, ChannelMax);

    public static int Channels(int resolution, int channelBase, int channelMax) => Math.Min(channelBase / resolution,
        channelMax);

    /// <summary>Number of w vectors the synthesis network reads: 2 log2(R) - 2.</summary>
    [JsonIgnore]
    public int NumWs => 2 * (int)Math.Log2(Resolution) - 2;

    public static void CheckResolution(int resolution, int minimum = 8)
    {
        if (resolution < minimum || resolution > 1024 || (resolution & (resolution - 1)) != 0)
            throw new ArgumentException($"resolution must be a power of two from {minimum} to 1024, got {resolution}");
    }

    /// <summary>Throws ArgumentException with a reason if the configuration cannot be built.</summary>
    public NetworkConfig Validate()
    {
        CheckResolution(Resolution);
        if (ImgChannels is not (1 or 3)) throw new ArgumentException($"img_channels must be 1 or 3, got {ImgChannels}");
        if (CDim < 0 || ZDim < 1 || WDim < 1) throw new ArgumentException("c_dim must be >= 0, z_dim and w_dim >= 1");
        if (MappingLayers < 1 || DMappingLayers < 1)
            throw new ArgumentException("mapping networks need at least one layer");
        if (ChannelBase < 1 || ChannelMax < 1)
            throw new ArgumentException("channel_base and channel_max must be positive");
        if (Channels(Resolution) < 1)
            throw new ArgumentException($"channel_base {ChannelBase} gives no channels at {Resolution}x{Resolution}");
        if (MbstdGroup < 1) throw new ArgumentException("mbstd group must be >= 1");
        if (ConvClamp is <= 0) throw new ArgumentException("conv_clamp must be positive (or null)");
        return this;
    }

    public Generator CreateGenerator()
    {
        Validate();
        return new Generator(ZDim, CDim, WDim, Resolution, ImgChannels, MappingLayers, ChannelBase, ChannelMax,
            GArchitecture, ConvClamp);
    }

    /// <summary>The discriminator; <paramref name="freezeLayers"/> > 0 freezes its first layers (Freeze-D).</summary>
    public Discriminator CreateDiscriminator(int freezeLayers = 0)
    {
        Validate();
        return new Discriminator(CDim, Resolution, ImgChannels, DArchitecture, ChannelBase, ChannelMax, ConvClamp,
            mbstdGroup: MbstdGroup, mappingLayers: DMappingLayers, freezeLayers: freezeLayers);
    }

    // ---- presets -------------------------------------------------------------------------------------------

    /// <summary>The reference's `cifar` configuration (ADA-SPEC 3): fmaps 1 (C_r = 512 at 32x32), 2 mapping
    /// layers, 'orig' discriminator, mbstd group 32.</summary>
    public static NetworkConfig Cifar(int resolution = 32, int imgChannels = 3, int cDim = 0) => new NetworkConfig
    {
        Name = "cifar", Resolution = resolution, ImgChannels = imgChannels, CDim = cDim,
        MappingLayers = 2, ChannelBase = 32768, ChannelMax = 512,
        GArchitecture = Architecture.Skip, DArchitecture = Architecture.Orig, MbstdGroup = 32,
    }.Validate();

    /// <summary>The reference's `auto` configuration for <paramref name="gpus"/> devices: fmaps 0.5 below 512
    /// (1 from 512), 2 mapping layers, resnet D, mbstd group min(batch / gpus, 4).</summary>
    public static NetworkConfig Auto(int resolution, int imgChannels = 3, int cDim = 0, int gpus = 1)
    {
        return new NetworkConfig
        {
            Name = "auto", Resolution = resolution, ImgChannels = imgChannels, CDim = cDim,
            MappingLayers = 2, ChannelBase = resolution >= 512 ? 32768 : 16384, ChannelMax = 512,
            GArchitecture = Architecture.Skip, DArchitecture = Architecture.Resnet,
            MbstdGroup = Math.Min(AutoBatch(resolution, gpus) / gpus, 4),
        }.Validate();
    }

    /// <summary>The reference's `auto` minibatch: max(min(gpus min(4096 / res, 32), 64), gpus).</summary>
    public static int AutoBatch(int resolution, int gpus = 1) =>
        Math.Max(Math.Min(gpus * Math.Min(4096 / resolution, 32), 64), gpus);

    /// <summary>`cpu`: a light network for useful 32x32 training on 2 CPU cores: z/w 256, 2 mapping layers,
    /// channel_base 1024 and channel_max 256 (widths 256, 128, 64, 32 at 4, 8, 16, 32: wide where pixels are few,
    /// narrow where they are many; about 1.7M G and 2.3M D parameters at 32x32), skip G, resnet D, mbstd group
    /// 4.</summary>
    public static NetworkConfig Cpu(int resolution = 32, int imgChannels = 3, int cDim = 0) => new NetworkConfig
    {
        Name = "cpu", Resolution = resolution, ImgChannels = imgChannels, CDim = cDim,
        ZDim = 256, WDim = 256, MappingLayers = 2, ChannelBase = 1024, ChannelMax = 256,
        GArchitecture = Architecture.Skip, DArchitecture = Architecture.Resnet, MbstdGroup = 4,
    }.Validate();

    /// <summary>small: a quarter of cpu's widths (128 at 4x4 down to 16 at 32x32), z/w 128, 2 mapping layers; for
    /// experiments that train many models on 16x16 or 32x32 images (the leakage lab, the limited-data study).</summary>
    public static NetworkConfig Small(int resolution = 32, int imgChannels = 3, int cDim = 0) => Cpu(resolution,
        imgChannels, cDim) with
    {
        Name = "small", ZDim = 128, WDim = 128, ChannelBase = 512, ChannelMax = 128,
    };

    public static readonly IReadOnlyList<string> PresetNames = ["cifar", "auto", "cpu", "small"];

    /// <summary>A preset by name (cifar, auto, cpu, small).</summary>
    public static NetworkConfig Preset(string name, int resolution, int imgChannels = 3, int cDim = 0) => name.Trim()
        .ToLowerInvariant() switch
    {
        "cifar" => Cifar(resolution, imgChannels, cDim),
        "auto" => Auto(resolution, imgChannels, cDim),
        "cpu" => Cpu(resolution, imgChannels, cDim),
        "small" => Small(resolution, imgChannels, cDim),
        _ => throw new ArgumentException($"unknown configuration '{name}' (expected {string.Join(", ", PresetNames)})"),
    };

    // ---- JSON ----------------------------------------------------------------------------------------------

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static NetworkConfig FromJson(string json)
        => (JsonSerializer.Deserialize<NetworkConfig>(json, JsonOptions)
            ?? throw new InvalidDataException("empty network configuration")).Validate();
}
