using System.CommandLine;
using AdaNotebooks.Networks;
using AdaNotebooks.Training;
using static TorchSharp.torch;

namespace AdaNotebooks.Cli;

/// <summary>`ada import`: builds a snapshot (snapshot-000000.zip) from reference PyTorch state dicts. The
/// generator's weights fill both G and G_ema.</summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var generator = new Option<string>("--generator")
        {
            Description = "The generator's state dict (torch.save(G_ema.state_dict()) from the reference).",
            Required = true,
        };
        var discriminator = new Option<string?>("--discriminator")
        {
            Description = "The discriminator's state dict (optional).",
        };
        var res = new Option<int>("--res")
        {
            Description = "Resolution of the networks (checked against the state dicts).",
            Required = true,
        };
        var channelBase = new Option<int?>("--channel-base")
        {
            Description = "channel_base (fmaps * 32768); inferred from the widths when omitted.",
        };
        var channelMax = new Option<int?>("--channel-max")
        {
            Description = "channel_max; inferred from the widths when omitted.",
        };
        var map = new Option<int?>("--map") { Description = "Mapping layers of G (checked against the state dict)." };
        var architecture = new Option<string?>("--architecture")
        {
            Description = "The discriminator's architecture: orig (cifar) or resnet; inferred from D when given.",
        };
        var mbstd = new Option<int>("--mbstd-group")
        {
            Description = "Minibatch-std group size (not stored in state dicts; 32 for the cifar configuration).",
            DefaultValueFactory = _ => 4,
        };
        var output = new Option<string>("--out")
        {
            Description = "Folder to write the snapshot into.",
            Required = true,
        };
        var command = new Command("import", "Build a snapshot from reference PyTorch state dicts (G, optionally D).");
        foreach (var o in new Option[] { generator, discriminator, res, channelBase, channelMax, map, architecture,
            mbstd, output }) command.Options.Add(o);
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            var arch = parse.GetValue(architecture) is string a ? ArchitectureNames.Parse(a) : (Architecture?)null;
            if (arch == Architecture.Skip) throw new UserError("--architecture: expected orig or resnet");
            var options = new ImportOptions
            {
                Resolution = parse.GetValue(res), ChannelBase = parse.GetValue(channelBase),
                ChannelMax = parse.GetValue(channelMax),
                MappingLayers = parse.GetValue(map), DArchitecture = arch, MbstdGroup = parse.GetValue(mbstd),
            };
            using var scope = NewDisposeScope();
            var gPath = parse.GetValue(generator)!;
            var dPath = parse.GetValue(discriminator);
            var gSd = StateDicts.Read(gPath);
            var dSd = dPath is null ? null : StateDicts.Read(dPath);
            var config = ReferenceImport.InferConfig(gSd, dSd, options);

            var g = config.CreateGenerator();
            var gEma = config.CreateGenerator();
            StateDicts.Load(g, gSd, gPath);
            StateDicts.Load(gEma, gSd, gPath);
            Discriminator? d = null;
            if (dSd is not null)
            {
                d = config.CreateDiscriminator();
                StateDicts.Load(d, dSd, dPath!);
            }
            using var snapshot = new Snapshot(config, g, d, gEma, kimg: 0);
            var path = snapshot.Save(parse.GetValue(output)!);
            Console.WriteLine($"imported {config.Resolution}x{config.Resolution}, {config.ImgChannels} channel(s), " +
                              $"c_dim {config.CDim}, " +
                              $"z/w {config.ZDim}/{config.WDim}, {config.MappingLayers} mapping layers, G " +
                              $"'{config.GArchitecture.Name()}', " +
                              (d is null ? "no D" : $"D '{config.DArchitecture.Name()}'") +
                                  $", channel_base {config.ChannelBase}, channel_max {config.ChannelMax}");
            Console.WriteLine($"parameters: G {g.ParameterCount:N0}" + (d is null ? "" : $", D {d.ParameterCount:N0}"));
            Console.WriteLine($"wrote {path}");
            return 0;
        }));
        return command;
    }
}
