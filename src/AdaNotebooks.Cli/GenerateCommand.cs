using System.CommandLine;
using AdaNotebooks.IO;
using AdaNotebooks.Networks;
using AdaNotebooks.Training;
using static TorchSharp.torch;

namespace AdaNotebooks.Cli;

/// <summary>`ada generate`: images from a snapshot's G_ema, for seeds (z drawn as the reference's generate.py draws
/// it), a Z.npy [N, z_dim] or W-space latents WS.npy [N, num_ws, w_dim]; written as a PNG grid or a float32
/// .npy.</summary>
public static class GenerateCommand
{
    const int Chunk = 16;

    public static Command Create()
    {
        var snapshotPath = new Option<string>("--snapshot")
        {
            Description = "A snapshot file, or a folder (its latest snapshot).",
            Required = true,
        };
        var seeds = new Option<string?>("--seeds")
        {
            Description = "Seeds like 0-15 or 1,5,9-11: z = numpy.random.RandomState(seed).randn(z_dim).",
        };
        var z = new Option<string?>("--z") { Description = "A .npy of latents [N, z_dim]." };
        var ws = new Option<string?>("--ws")
        {
            Description = "A .npy of W-space latents [N, num_ws, w_dim], fed to the synthesis network directly.",
        };
        var trunc = new Option<double>("--trunc")
        {
            Description = "Truncation psi (1 = none).",
            DefaultValueFactory = _ => 1.0,
        };
        var noise = new Option<string>("--noise-mode")
        {
            Description = "random, const (default, deterministic) or none.",
            DefaultValueFactory = _ => "const",
        };
        var label = new Option<int?>("--class") { Description = "Class index for a conditional generator." };
        var output = new Option<string>("--out")
        {
            Description = "A .png (grid) or .npy (float32 NCHW in [-1, 1]).",
            Required = true,
        };
        var command = new Command("generate", "Generate images with a snapshot's G_ema.");
        foreach (var o in new Option[] { snapshotPath, seeds, z, ws, trunc, noise, label, output })
            command.Options.Add(o);
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            int sources = new[] { parse.GetValue(seeds), parse.GetValue(z), parse.GetValue(ws) }.Count(s =>
                s is not null);
            if (sources != 1) throw new UserError("give exactly one of --seeds, --z and --ws");
            var noiseMode = NetworkCli.ParseNoiseMode(parse.GetValue(noise));
            double psi = parse.GetValue(trunc);
            var outPath = parse.GetValue(output)!;
            if (!outPath.EndsWith(".png", StringComparison.OrdinalIgnoreCase)
                && !outPath.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
                throw new UserError($"{outPath}: the output must be a .png (grid) or a .npy file");

            using var snapshot = Snapshot.Load(parse.GetValue(snapshotPath)!);
            var g = snapshot.GEma;
            g.eval();
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            if (noiseMode == NoiseMode.Random && parse.GetValue(seeds) is not null)
                manual_seed(ParseFirstSeed(parse.GetValue(seeds)!));

            Tensor images;
            if (parse.GetValue(ws) is string wsPath)
            {
                if (psi != 1)
                    throw new UserError("--trunc applies to --seeds and --z; W-space latents are used as they are");
                var w = Npy.Read(wsPath);
                if (w.dim() != 3 || w.shape[1] != g.NumWs || w.shape[2] != g.WDim)
                    throw new UserError($"{wsPath}: expected W-space latents [N, {g.NumWs}, {g.WDim}], got " +
                                        $"[{string.Join(", ", w.shape)}]");
                images = cat(w.split(Chunk).Select(part => g.synthesis.forward(part, noiseMode)).ToList(), 0);
            }
            else
            {
                Tensor latents;
                if (parse.GetValue(z) is string zPath)
                {
                    latents = Npy.Read(zPath);
                    if (latents.dim() != 2 || latents.shape[1] != g.ZDim)
                        throw new UserError($"{zPath}: expected latents [N, {g.ZDim}], got " +
                                            $"[{string.Join(", ", latents.shape)}]");
                }
                else latents = LatentSeeds.Z(NetworkCli.ParseSeeds(parse.GetValue(seeds)!), g.ZDim);
                var c = NetworkCli.Labels(g.CDim, parse.GetValue(label), latents.shape[0]);
                var parts = new List<Tensor>();
                for (long i = 0; i < latents.shape[0]; i += Chunk)
                {
                    long n = Math.Min(Chunk, latents.shape[0] - i);
                    parts.Add(g.forward(latents.narrow(0, i, n), c?.narrow(0, i, n), psi, noiseMode: noiseMode));
                }
                images = cat(parts, 0);
            }
            ImageFiles.Write(outPath, images);
            Console.WriteLine($"wrote {outPath}: {images.shape[0]} image(s) {images.shape[3]}x{images.shape[2]} from " +
                              $"{snapshot.Path} (kimg {snapshot.Kimg:0.#})");
            return 0;
        }));
        return command;
    }

    static long ParseFirstSeed(string seeds) => NetworkCli.ParseSeeds(seeds)[0];
}
