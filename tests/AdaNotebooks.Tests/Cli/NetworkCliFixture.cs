using AdaNotebooks.Networks;
using AdaNotebooks.Training;
using static TorchSharp.torch;
using Generator = AdaNotebooks.Networks.Generator;

namespace AdaNotebooks.Tests.Cli;

/// <summary>A temporary folder with a small snapshot and its reference-style state dicts.</summary>
public sealed class NetworkCliFolder : IDisposable
{
    public string Dir { get; } = Path.Combine(Path.GetTempPath(), "ada-netcli-" + Guid.NewGuid().ToString("N"));

    public NetworkCliFolder() => Directory.CreateDirectory(Dir);

    public string P(string name) => Path.Combine(Dir, name);

    public static NetworkConfig Config(int cDim = 0, Architecture d = Architecture.Resnet) => new NetworkConfig
    {
        Name = "test", Resolution = 16, ZDim = 8, WDim = 8, CDim = cDim, MappingLayers = 2, DMappingLayers = 8,
        ChannelBase = 128, ChannelMax = 16, DArchitecture = d, MbstdGroup = 2,
    }.Validate();

    /// <summary>Writes G.pth and D.pth of fresh networks (noise strengths made non-zero) and returns them.</summary>
    public (Generator G, Discriminator D) WriteStateDicts(NetworkConfig config)
    {
        var g = config.CreateGenerator();
        var d = config.CreateDiscriminator();
        using (no_grad())
            foreach (var (name, p) in g.named_parameters())
                if (name.EndsWith("noise_strength")) p.fill_(0.3f);
        StateDicts.Write(g, P("G.pth"));
        StateDicts.Write(d, P("D.pth"));
        return (g, d);
    }

    public string SaveSnapshot(NetworkConfig config)
    {
        using var snapshot = Snapshot.Create(config);
        return snapshot.Save(P("run"));
    }

    public void Dispose()
    {
        if (Directory.Exists(Dir)) Directory.Delete(Dir, recursive: true);
    }
}
