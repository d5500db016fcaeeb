using AdaNotebooks.Augmentation;
using static TorchSharp.torch;

namespace AdaNotebooks.Tests.Augmentation;

/// <summary>The p slider: pre-rendered frames from p = 0 to 1, and HTML whose script shows the frame the slider points
/// at, offline, in a real browser.</summary>
public class PSliderTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ada-pslider-");
    public void Dispose() => _dir.Delete(true);

    static PSlider Slider()
    {
        using var scope = NewDisposeScope();
        var batch = rand(new long[] { 6, 3, 16, 16 }, generator: new Generator(3)).mul(2).sub(1);
        return PSlider.Build(batch, AugmentSpec.Preset("bgcfnc"));
    }

    [Fact]
    public void FramesGoFromNothingChangedToMostChanged()
    {
        var slider = Slider();
        Assert.Equal(11, slider.Frames.Count);
        Assert.Equal(Enumerable.Range(0, 11).Select(k => k / 10.0), slider.Frames.Select(f => f.P));
        Assert.Equal(0, slider.Frames[0].ChangedShare);
        Assert.True(slider.Frames[^1].ChangedShare > 0.5, $"{slider.Frames[^1].ChangedShare} changed at p = 1");
        Assert.All(slider.Frames, f => Assert.Equal(18, f.Transformations.Count));
        Assert.All(slider.Frames, f => Assert.StartsWith("13. imgfilter band 1", f.Transformations[12].Label));
    }

    [Fact]
    public async Task TheSliderShowsTheFrameItPointsAtOffline()
    {
        var html = Slider().ToHtml();
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
        // Move the slider to the fourth value as a reader would, then record what is shown.
        var page = Path.Combine(_dir.FullName, "slider.html");
        File.WriteAllText(page, SliderPage.Html(html, "ada-pslider", 3));
        var dom = await Chromium.DumpDom(page, Path.Combine(_dir.FullName, "profile"));
        Assert.Contains("data-visible=\"3\"", dom);
        Assert.Contains("data-label=\"p = 0.3 (the batch;", dom);
        Assert.Contains("data-shown=\"3\"", dom);
    }
}
