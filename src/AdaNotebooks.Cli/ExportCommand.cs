using System.CommandLine;
using AdaNotebooks.Networks;
using AdaNotebooks.Training;

namespace AdaNotebooks.Cli;

/// <summary>`ada export`: writes a snapshot's networks as PyTorch state dicts (G.pth, D.pth, G_ema.pth) that the
/// reference's networks load with load_state_dict.</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var snapshotPath = new Option<string>("--snapshot")
        {
            Description = "A snapshot file, or a folder (its latest snapshot).",
            Required = true,
        };
        var output = new Option<string>("--out")
        {
            Description = "Folder to write G.pth, D.pth and G_ema.pth into.",
            Required = true,
        };
        var command = new Command("export", "Write a snapshot's G, D and G_ema as PyTorch state dicts for the " +
                                            "reference implementation.");
        command.Options.Add(snapshotPath);
        command.Options.Add(output);
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            using var snapshot = Snapshot.Load(parse.GetValue(snapshotPath)!);
            var dir = parse.GetValue(output)!;
            Directory.CreateDirectory(dir);
            void Write(TorchSharp.torch.nn.Module module, string name)
            {
                var path = Path.Combine(dir, name);
                StateDicts.Write(module, path);
                Console.WriteLine($"wrote {path}");
            }
            Write(snapshot.G, "G.pth");
            if (snapshot.D is not null) Write(snapshot.D, "D.pth");
            Write(snapshot.GEma, "G_ema.pth");
            var c = snapshot.Config;
            Console.WriteLine($"reference kwargs: z_dim={c.ZDim}, c_dim={c.CDim}, w_dim={c.WDim}, " +
                              $"img_resolution={c.Resolution}, img_channels={c.ImgChannels}, " +
                              $"mapping_kwargs.num_layers={c.MappingLayers}, channel_base={c.ChannelBase}, " +
                              $"channel_max={c.ChannelMax}, " +
                              $"G architecture='{c.GArchitecture.Name()}', D " +
                              $"architecture='{c.DArchitecture.Name()}', mbstd_group_size={c.MbstdGroup}, " +
                              (c.CDim > 0 ? $"D mapping_kwargs.num_layers={c.DMappingLayers}, " : "") +
                              "conv_clamp=" +
                              $"{c.ConvClamp?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "None"}");
            return 0;
        }));
        return command;
    }
}
