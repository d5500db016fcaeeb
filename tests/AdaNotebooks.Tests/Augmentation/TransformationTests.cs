using AdaNotebooks.Augmentation;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Augmentation;

/// <summary>The paper's 18 transformations: the 15 ops with the rotation counted once and imgfilter as four
/// bands.</summary>
public class TransformationTests
{
    [Fact]
    public void ThereAreEighteenInPipelineOrder()
    {
        Assert.Equal(18, Transformation.All.Count);
        Assert.Equal(Enumerable.Range(1, 18), Transformation.All.Select(t => t.Number));
        Assert.Equal(4, Transformation.All.Count(t => t.Op == "imgfilter"));
        Assert.Equal([0, 1, 2, 3], Transformation.All.Where(t => t.Band is not null).Select(t => t.Band!.Value));
        Assert.Equal(AugmentOps.Names, Transformation.All.Select(t => t.Op).Distinct());
    }

    [Fact]
    public void EveryPresetEnablesItsTransformationsPerChannelCount()
    {
        var all = AugmentSpec.Preset("bgcfnc");
        Assert.Equal(18, Transformation.EnabledIn(all, 3).Count);
        Assert.Equal(16, Transformation.EnabledIn(all, 1).Count);       // no hue, no saturation on gray images
        Assert.Equal(12, Transformation.EnabledIn(AugmentSpec.Preset("bgc"), 3).Count);
        Assert.Equal(2, Transformation.EnabledIn(all.With("imgfilter_bands", "0,1,0,1"), 3)
            .Count(t => t.Op == "imgfilter"));
    }

    [Fact]
    public void ABandAloneIsThatBandOnly()
    {
        var band2 = Transformation.All.Single(t => t.Band == 2).Alone(AugmentSpec.Preset("bgcfnc"));
        Assert.Equal(["imgfilter"], band2.EnabledOps);
        Assert.Equal([0.0, 0, 1, 0], band2.StrengthValues("imgfilter_bands"));
        Assert.Equal(["rotate"], Transformation.All.Single(t => t.Op == "rotate").Alone(AugmentSpec.Preset("bgc"))
            .EnabledOps);
    }

    [Fact]
    public void TheGalleryShowsEighteenRows()
    {
        using var scope = NewDisposeScope();
        var image = rand(3, 32, 32).mul(2).sub(1);
        var gallery = AugmentGallery.OpsByPercentile(AugmentSpec.Preset("bgcfnc"), image, [0.2, 0.8]);
        Assert.Equal(18, gallery.Rows.Count);
        Assert.Equal("13. imgfilter band 1 (0-π/8)", gallery.Rows[12].Label);
        Assert.All(gallery.Rows, r => Assert.Equal([2L, 3, 32, 32], r.Images.shape));
        // Each band alone changes the image differently.
        var bands = gallery.Rows.Skip(12).Take(4).Select(r => r.Images[1]).ToList();
        for (int i = 0; i < 4; i++)
            for (int j = i + 1; j < 4; j++)
                Assert.False(bands[i].allclose(bands[j]), $"bands {i + 1} and {j + 1} gave the same image");
    }
}
