using AdaNotebooks.Augmentation;
using AdaNotebooks.Cli;
using AdaNotebooks.Experiments;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Augmentation;

/// <summary>The registry matches ADA-SPEC 1.2-1.3, and every op follows the same template: parameters are
/// sampled, then applied, and applying the same parameters twice gives bit-identical images.</summary>
public class OpRegistryTests
{
    [Fact]
    public void GroupsPresetsAndStrengthsMatchTheSpec()
    {
        Assert.Equal(["xflip", "rotate90", "xint"], AugmentOps.In(AugmentCategory.Blit));
        Assert.Equal(["scale", "rotate", "aniso", "xfrac"], AugmentOps.In(AugmentCategory.Geom));
        Assert.Equal(["brightness", "contrast", "lumaflip", "hue", "saturation"], AugmentOps.In(AugmentCategory.Color));
        Assert.Equal(15, AugmentOps.Names.Count);
        Assert.Equal(["blit", "geom", "color", "filter", "noise", "cutout", "bg", "bgc", "bgcf", "bgcfn", "bgcfnc"],
            AugmentOps.PresetNames);
        Assert.Equal(AugmentOps.Names, AugmentSpec.Preset("bgcfnc").EnabledOps);
        Assert.Equal(12, AugmentSpec.Preset("bgc").EnabledOps.Count());
        var defaults = AugmentOps.Strengths.ToDictionary(s => s.Name, s => AugmentStrength.Format(s.Default));
        Assert.Equal(new Dictionary<string, string>
        {
            ["xint_max"] = "0.125", ["scale_std"] = "0.2", ["rotate_max"] = "1", ["aniso_std"] = "0.2",
            ["xfrac_std"] = "0.125", ["brightness_std"] = "0.2", ["contrast_std"] = "0.5", ["hue_max"] = "1",
            ["saturation_std"] = "1", ["imgfilter_bands"] = "1,1,1,1", ["imgfilter_std"] = "1", ["noise_std"] = "0.1",
            ["cutout_size"] = "0.5",
        }, defaults);
        Assert.Equal(0.25, AugmentSpec.None.With("cutout_size", "0.25").Strength("cutout_size"));
        Assert.Equal(AugmentSpec.Preset("bgc"), AugmentSpec.Preset("blit,geom,color"));
        Assert.NotEqual(AugmentSpec.Preset("bgc"), AugmentSpec.Preset("bgc").With("rotate_max", "0.5"));
    }

    [Fact]
    public void EveryListOfOpsElsewhereNamesRegisteredOps()
    {
        Assert.All(MarkovOperator.Ops, op => Assert.Contains(op, AugmentOps.Names));
        Assert.All(LeakExperimentOptions.SupportedOps, op => Assert.Contains(op, AugmentOps.Names));
        var help = string.Join("\n", AugmentCommand.Create().Options.Select(o => o.Description));
        Assert.All(AugmentOps.Names.Concat(AugmentOps.PresetNames).Concat(AugmentOps.Strengths.Select(s => s.Name)),
            name => Assert.Contains(name, help));
    }

    public static TheoryData<string> Keys()
    {
        var data = new TheoryData<string>();
        foreach (var op in AugmentOps.All) data.Add(op.Key);
        return data;
    }

    /// <summary>Every op at p = 1: the pipeline and the op alone each give bit-identical images when the same
    /// parameters are applied twice, and change some image.</summary>
    [Theory]
    [MemberData(nameof(Keys))]
    public void ApplyingTheSameParametersTwiceGivesTheSameImages(string key)
    {
        using var scope = NewDisposeScope();
        var op = AugmentOps.All.Single(o => o.Key == key);
        var x = rand([8, 3, 32, 32], generator: new Generator(21)).mul(2).sub(1);
        var pipe = new AugmentPipe(AugmentSpec.Ops([op.Name]), p: 1);
        var parameters = pipe.Sample(8, 3, ParameterSource.Random(1, new Generator(22)));
        var first = pipe.Apply(x, parameters);
        var second = pipe.Apply(x, parameters);
        Assert.True(first.eq(second).all().item<bool>(), $"{op.Name}: the pipeline gave different images");
        var alone = op.Apply(x, parameters[key]);
        Assert.True(alone.eq(op.Apply(x, parameters[key])).all().item<bool>(), $"{key}: the op gave different images");
        Assert.True(first.sub(x).abs().amax([1, 2, 3]).max().item<float>() > 1e-3f, $"{op.Name}: no image changed");
        Assert.True(alone.sub(x).abs().amax([1, 2, 3]).max().item<float>() > 1e-3f, $"{key}: no image changed");
    }

    /// <summary>At 0 &lt; p &lt; 1 a batch mixes images each stage changes and images it skips; every image
    /// must come out as if its own parameters were applied to it alone (its parameters taken from the batch,
    /// which keep the batch's shared padding margin).</summary>
    [Theory]
    [InlineData(3, 31)]
    [InlineData(3, 32)]
    [InlineData(1, 33)]
    public void AMixedBatchEqualsEachImageAugmentedAlone(int channels, int seed)
    {
        using var scope = NewDisposeScope();
        const int n = 12;
        var x = rand([n, channels, 24, 24], generator: new Generator((ulong)seed)).mul(2).sub(1);
        var pipe = new AugmentPipe("bgcfnc", p: 0.5);
        var parameters = pipe.Sample(n, channels, ParameterSource.Random(0.5, new Generator((ulong)seed + 100)));
        // The batch really is mixed: some images keep their scale and some are scaled, likewise for color.
        var scaled = parameters["scale"].ne(1);
        Assert.True(scaled.any().item<bool>() && !scaled.all().item<bool>());
        var brightened = parameters["brightness"].ne(0);
        Assert.True(brightened.any().item<bool>() && !brightened.all().item<bool>());
        var batch = pipe.Apply(x, parameters);
        for (int i = 0; i < n; i++)
        {
            var alone = pipe.Apply(x[i..(i + 1)], parameters.Subset(i));
            float error = batch[i..(i + 1)].sub(alone).abs().max().item<float>();
            Assert.True(error < 1e-5f, $"image {i}: max |batch - alone| = {error}");
        }
    }
}
