using System.CommandLine;
using AdaNotebooks.Augmentation;
using static TorchSharp.torch;

namespace AdaNotebooks.Cli;

/// <summary>`ada augment`: run the ADA pipeline on images (random at p, or the deterministic debug
/// percentile).</summary>
public static class AugmentCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input")
        {
            Description = "Input images: .npy (float32 NCHW in [-1,1]) or a PNG",
            Required = true,
        };
        var output = new Option<string>("--out", "--output")
        {
            Description = "Output: .npy or a PNG grid",
            Required = true,
        };
        var preset = new Option<string?>("--preset")
        {
            Description = $"Preset: {string.Join(", ", AugmentOps.PresetNames)}",
        };
        var ops = new Option<string?>("--ops")
        {
            Description = $"Comma-separated op names ({AugmentOps.GroupedNames()})",
        };
        var p = new Option<double>("--p")
        {
            Description = "Augmentation probability p",
            DefaultValueFactory = _ => 1.0,
        };
        var percentile = new Option<double?>("--percentile")
        {
            Description = "Deterministic debug percentile q in [0,1] (gates ignored)",
        };
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 0 };
        var set = new Option<string[]>("--set")
        {
            Description = "Override a multiplier or strength: NAME=VALUE (repeatable); strengths and their " +
                          $"defaults: {AugmentOps.StrengthDefaults()}",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("augment", "Augment images with the ADA pipeline.")
        {
            input, output, preset, ops, p, percentile, seed, set,
        };
        command.SetAction(r => CliErrors.Guard(() =>
        {
            var spec = Spec(r.GetValue(preset), r.GetValue(ops), r.GetValue(set) ?? []);
            double pValue = r.GetValue(p);
            if (!(pValue >= 0 && double.IsFinite(pValue)))
                throw new UserError($"--p must be a number >= 0, got {pValue}");
            using var scope = NewDisposeScope();
            var images = ImageFiles.Read(r.GetValue(input)!);
            var pipe = new AugmentPipe(spec, pValue, new Generator((ulong)r.GetValue(seed)));
            var q = r.GetValue(percentile);
            var result = q is { } value ? pipe.AugmentAtPercentile(images, value) : pipe.Augment(images);
            ImageFiles.Write(r.GetValue(output)!, result);
            Console.WriteLine($"augmented {images.shape[0]} image(s) [{string.Join(", ", images.shape.Skip(1))}] " +
                              $"with {string.Join(",", spec.EnabledOps)} " +
                              (q is { } v ? $"at percentile {v}" : $"at p = {pValue}") + $" -> {r.GetValue(output)}");
            return 0;
        }));
        return command;
    }

    /// <summary>The spec from --preset or --ops (exactly one), then the --set overrides.</summary>
    public static AugmentSpec Spec(string? preset, string? ops, IEnumerable<string> overrides)
    {
        if ((preset is null) == (ops is null))
            throw new UserError("give exactly one of --preset NAME or --ops a,b,...");
        var spec = preset is not null
            ? AugmentSpec.Preset(preset)
            : AugmentSpec.Ops(ops!.Split(',', StringSplitOptions.RemoveEmptyEntries));
        return spec.WithAll(overrides);
    }
}
