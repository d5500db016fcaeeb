using System.CommandLine;
using System.Diagnostics;
using AdaNotebooks.Networks;
using TorchSharp;
using static TorchSharp.torch;
using Generator = AdaNotebooks.Networks.Generator;

namespace AdaNotebooks.Cli;

/// <summary>`ada bench networks`: forward and forward+backward time of G and D for a configuration, under both
/// modulated-convolution formulations, and the modulated convolutions' share of G's time.</summary>
public static class BenchNetworksCommand
{
    /// <summary>Adds `networks` under `ada bench` (creating `bench` if no other benchmark did).</summary>
    public static void AddTo(RootCommand root)
    {
        var bench = root.Subcommands.FirstOrDefault(c => c.Name == "bench");
        if (bench is null)
        {
            bench = new Command("bench", "Benchmarks.");
            root.Subcommands.Add(bench);
        }
        bench.Subcommands.Add(Create());
    }

    public static Command Create()
    {
        var config = CommonOptions.Config();
        var res = new Option<int>("--res") { Description = "Resolution.", DefaultValueFactory = _ => 32 };
        var batch = CommonOptions.Batch(32);
        var iters = new Option<int>("--iters")
        {
            Description = "Timed repetitions per measurement (the fastest is reported).",
            DefaultValueFactory = _ => 10,
        };
        var threads = CommonOptions.Threads();
        var channelBase = new Option<int?>("--channel-base")
        {
            Description = "Override the configuration's channel_base.",
        };
        var channelMax = new Option<int?>("--channel-max")
        {
            Description = "Override the configuration's channel_max.",
        };
        var command = new Command("networks", "Time G and D forward and forward+backward, and the modulated " +
                                              "convolutions' share.");
        foreach (var o in new Option[] { config, res, batch, iters, threads, channelBase, channelMax })
            command.Options.Add(o);
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            CommonOptions.ApplyThreads(parse, threads);
            var network = NetworkConfig.Preset(parse.GetValue(config)!, parse.GetValue(res));
            network = network with
            {
                ChannelBase = parse.GetValue(channelBase) ?? network.ChannelBase,
                ChannelMax = parse.GetValue(channelMax) ?? network.ChannelMax,
            };
            Run(network.Validate(), parse.GetValue(batch), Math.Max(1, parse.GetValue(iters)));
            return 0;
        }));
        return command;
    }

    /// <summary>Runs every measurement once per round, <paramref name="iters"/> rounds after 2 warm-up rounds (each
    /// run inside its own dispose scope), and keeps each one's fastest run: interleaving gives every measurement the
    /// same chances when other processes share the cores, and the minimum is the least disturbed.</summary>
    static Dictionary<string, double> TimeAll(int iters, IReadOnlyList<(string Name, Action Body)> measurements)
    {
        var best = measurements.ToDictionary(m => m.Name, _ => double.MaxValue);
        for (int round = 0; round < iters + 2; round++)
            foreach (var (name, body) in measurements)
            {
                using var scope = NewDisposeScope();
                var clock = Stopwatch.StartNew();
                body();
                if (round >= 2) best[name] = Math.Min(best[name], clock.Elapsed.TotalMilliseconds);
            }
        return best;
    }

    static Action With(ModulatedConvFormulation formulation, Action body) => () =>
    {
        var previous = ModulatedConv2d.DefaultFormulation;
        ModulatedConv2d.DefaultFormulation = formulation;
        try { body(); }
        finally { ModulatedConv2d.DefaultFormulation = previous; }
    };

    static void Run(NetworkConfig config, int batch, int iters)
    {
        using var g = config.CreateGenerator();
        using var d = config.CreateDiscriminator();
        Console.WriteLine($"config {config.Name} {config.Resolution}x{config.Resolution}, channel_base " +
                          $"{config.ChannelBase}, channel_max {config.ChannelMax}: G {g.ParameterCount:N0} " +
                          $"parameters, D {d.ParameterCount:N0}; " +
                          $"batch {batch}, {get_num_threads()} thread(s), fastest of {iters} interleaved runs");
        var z = randn(batch, config.ZDim);
        var c = config.CDim > 0 ? nn.functional.one_hot(arange(batch) % config.CDim, config.CDim).to(float32) : null;
        var reals = randn(batch, config.ImgChannels, config.Resolution, config.Resolution).clamp(-1, 1);
        var x = reals.detach().requires_grad_(true);
        var cases = ModulatedConvCases(g, batch);

        var measurements = new List<(string, Action)>();
        foreach (var f in new[] { ModulatedConvFormulation.Grouped, ModulatedConvFormulation.Split })
        {
            measurements.Add(($"G fwd {f}", With(f, () => { using var _ = no_grad(); g.forward(z, c); })));
            measurements.Add(($"G fwdbwd {f}", With(f, () => { g.zero_grad(); g.forward(z, c).square().mean()
                .backward(); })));
            measurements.Add(($"M fwd {f}", With(f, () => { using var _ = no_grad(); foreach (var k in cases)
                k(false); })));
            measurements.Add(($"M fwdbwd {f}", With(f, () => { foreach (var k in cases) k(true); })));
        }
        measurements.Add(("D fwd", () => { using var _ = no_grad(); d.forward(reals, c); }));
        measurements.Add(("D fwdbwd", () => { d.zero_grad(); d.forward(reals, c).sum().backward(); }));
        measurements.Add(("D r1", () =>
        {
            d.zero_grad();
            var grad = torch.autograd.grad([d.forward(x, c).sum()], [x], create_graph: true, retain_graph: true)[0];
            grad.square().sum([1, 2, 3]).mean().backward();
        }));
        var t = TimeAll(iters, measurements);

        foreach (var f in new[] { ModulatedConvFormulation.Grouped, ModulatedConvFormulation.Split })
        {
            string n = f.ToString();
            Console.WriteLine($"G forward            {t[$"G fwd {n}"],8:0.0} ms   forward+backward " +
                              $"{t[$"G fwdbwd {n}"],8:0.0} ms   [{n.ToLowerInvariant()} modulated conv]");
            Console.WriteLine($"  modulated convs    {t[$"M fwd {n}"],8:0.0} ms " +
                              $"({t[$"M fwd {n}"] / t[$"G fwd {n}"],4:P0})   forward+backward " +
                              $"{t[$"M fwdbwd {n}"],8:0.0} ms ({t[$"M fwdbwd {n}"] / t[$"G fwdbwd {n}"],4:P0})");
        }
        Console.WriteLine($"D forward            {t["D fwd"],8:0.0} ms   forward+backward {t["D fwdbwd"],8:0.0} ms");
        Console.WriteLine($"D R1 (double backward) {t["D r1"],6:0.0} ms");
    }

    /// <summary>G's modulated convolutions alone, with G's shapes and weights: one action per layer (argument:
    /// with backward).</summary>
    static List<Action<bool>> ModulatedConvCases(Generator g, int batch)
    {
        var cases = new List<Action<bool>>();
        void Add(long inChannels, int size, Tensor weight, bool demodulate, int up, Tensor? filter)
        {
            var x = randn(batch, inChannels, size, size).DetachFromDisposeScope().requires_grad_(true);
            var s = randn(batch, inChannels).DetachFromDisposeScope().requires_grad_(true);
            var w = weight.detach().clone().DetachFromDisposeScope().requires_grad_(true);
            cases.Add(backward =>
            {
                var y = ModulatedConv2d.Apply(x, w, s, demodulate, up, (int)w.shape[2] / 2, filter);
                if (backward) y.square().mean().backward();
            });
        }
        foreach (var block in g.synthesis.Blocks)
        {
            int r = block.Resolution;
            if (block.conv0 is { } c0) Add(c0.InChannels, r / 2, c0.weight, true, 2, c0.resample_filter);
            Add(block.conv1.InChannels, r, block.conv1.weight, true, 1, null);
            if (block.torgb is { } rgb) Add(rgb.weight.shape[1], r, rgb.weight, false, 1, null);
        }
        return cases;
    }
}
