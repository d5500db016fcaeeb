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
        var config = new Option<string>("--config") { Description = "cifar, auto or cpu.", DefaultValueFactory = _ => "cpu" };
        var res = new Option<int>("--res") { Description = "Resolution.", DefaultValueFactory = _ => 32 };
        var batch = new Option<int>("--batch") { Description = "Minibatch size.", DefaultValueFactory = _ => 32 };
        var iters = new Option<int>("--iters") { Description = "Timed repetitions per measurement (the fastest is reported).", DefaultValueFactory = _ => 10 };
        var threads = new Option<int?>("--threads") { Description = "Torch threads (default: as configured)." };
        var channelBase = new Option<int?>("--channel-base") { Description = "Override the configuration's channel_base." };
        var channelMax = new Option<int?>("--channel-max") { Description = "Override the configuration's channel_max." };
        var command = new Command("networks", "Time G and D forward and forward+backward, and the modulated convolutions' share.");
        foreach (var o in new Option[] { config, res, batch, iters, threads, channelBase, channelMax }) command.Options.Add(o);
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            if (parse.GetValue(threads) is int t) set_num_threads(t);
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

    /// <summary>Milliseconds of <paramref name="body"/>: the fastest of <paramref name="iters"/> runs after 2 warm-ups
    /// (each inside its own dispose scope). The minimum is the least disturbed by other processes on the cores.</summary>
    static double Time(int iters, Action body)
    {
        var best = double.MaxValue;
        for (int i = 0; i < iters + 2; i++)
        {
            using var scope = NewDisposeScope();
            var clock = Stopwatch.StartNew();
            body();
            if (i >= 2) best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
        }
        return best;
    }

    static void Run(NetworkConfig config, int batch, int iters)
    {
        using var g = config.CreateGenerator();
        using var d = config.CreateDiscriminator();
        Console.WriteLine($"config {config.Name} {config.Resolution}x{config.Resolution}, channel_base {config.ChannelBase}, channel_max {config.ChannelMax}: G {g.ParameterCount:N0} parameters, D {d.ParameterCount:N0}; " +
                          $"batch {batch}, {get_num_threads()} thread(s), fastest of {iters} runs");
        var z = randn(batch, config.ZDim);
        var c = config.CDim > 0 ? nn.functional.one_hot(arange(batch) % config.CDim, config.CDim).to(float32) : null;
        var reals = randn(batch, config.ImgChannels, config.Resolution, config.Resolution).clamp(-1, 1);

        var previous = ModulatedConv2d.DefaultFormulation;
        try
        {
            foreach (var formulation in new[] { ModulatedConvFormulation.Grouped, ModulatedConvFormulation.Split })
            {
                ModulatedConv2d.DefaultFormulation = formulation;
                double gf = Time(iters, () => { using var _ = no_grad(); g.forward(z, c); });
                double gfb = Time(iters, () => { g.zero_grad(); g.forward(z, c).square().mean().backward(); });
                var (mf, mfb) = ModulatedConvTime(g, batch, iters);
                Console.WriteLine($"G forward            {gf,8:0.0} ms   forward+backward {gfb,8:0.0} ms   [{formulation.ToString().ToLowerInvariant()} modulated conv]");
                Console.WriteLine($"  modulated convs    {mf,8:0.0} ms ({mf / gf,4:P0})   forward+backward {mfb,8:0.0} ms ({mfb / gfb,4:P0})");
            }
        }
        finally { ModulatedConv2d.DefaultFormulation = previous; }

        double df = Time(iters, () => { using var _ = no_grad(); d.forward(reals, c); });
        double dfb = Time(iters, () => { d.zero_grad(); d.forward(reals, c).sum().backward(); });
        Console.WriteLine($"D forward            {df,8:0.0} ms   forward+backward {dfb,8:0.0} ms");
        var x = reals.detach().requires_grad_(true);
        double r1 = Time(iters, () =>
        {
            d.zero_grad();
            var grad = torch.autograd.grad([d.forward(x, c).sum()], [x], create_graph: true, retain_graph: true)[0];
            grad.square().sum([1, 2, 3]).mean().backward();
        });
        Console.WriteLine($"D R1 (double backward) {r1,6:0.0} ms");
    }

    /// <summary>The modulated convolutions of G alone, with G's shapes: (forward, forward+backward) ms.</summary>
    static (double Forward, double ForwardBackward) ModulatedConvTime(Generator g, int batch, int iters)
    {
        var cases = new List<(Tensor X, Tensor W, Tensor S, bool Demod, int Up, Tensor? F)>();
        foreach (var block in g.synthesis.Blocks)
        {
            int r = block.Resolution;
            if (block.conv0 is { } c0)
                cases.Add((randn(batch, c0.InChannels, r / 2, r / 2), c0.weight.detach().clone(), randn(batch, c0.InChannels), true, 2, c0.resample_filter));
            var c1 = block.conv1;
            cases.Add((randn(batch, c1.InChannels, r, r), c1.weight.detach().clone(), randn(batch, c1.InChannels), true, 1, null));
            if (block.torgb is { } rgb)
                cases.Add((randn(batch, rgb.weight.shape[1], r, r), rgb.weight.detach().clone(), randn(batch, rgb.weight.shape[1]), false, 1, null));
        }
        double f = Time(iters, () =>
        {
            using var _ = no_grad();
            foreach (var k in cases) ModulatedConv2d.Apply(k.X, k.W, k.S, k.Demod, k.Up, (int)k.W.shape[2] / 2, k.F);
        });
        foreach (var k in cases)
        {
            k.X.requires_grad_(true);
            k.W.requires_grad_(true);
            k.S.requires_grad_(true);
        }
        double fb = Time(iters, () =>
        {
            foreach (var k in cases) ModulatedConv2d.Apply(k.X, k.W, k.S, k.Demod, k.Up, (int)k.W.shape[2] / 2, k.F).square().mean().backward();
        });
        return (f, fb);
    }
}
