using AdaNotebooks.Charts;

namespace AdaNotebooks.Tests.Charts;

/// <summary>The chart slider: one static SVG chart per value, and HTML whose script shows the chart the slider points
/// at, offline, in a real browser.</summary>
public class ChartSliderTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ada-chartslider-");
    public void Dispose() => _dir.Delete(true);

    static ChartSlider Slider() => ChartSlider.Build("a line through the origin", "slope",
        Enumerable.Range(0, 5).Select(k => k / 4.0),
        a => new ChartSliderFrame($"slope = {a:0.00}",
            new Chart($"y = {a:0.00} x", new Series("y", [0.0, 1.0], [0.0, a]))));

    [Fact]
    public void EachValueHasItsOwnChart()
    {
        var slider = Slider();
        Assert.Equal(["slope = 0.00", "slope = 0.25", "slope = 0.50", "slope = 0.75", "slope = 1.00"],
            slider.Frames.Select(f => f.Label));
        var html = slider.ToHtml();
        Assert.Equal(5, html.Split("<svg ").Length - 1);
        Assert.Contains("y = 0.75 x", html);
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
    }

    [Fact]
    public async Task TheSliderShowsTheChartItPointsAtOffline()
    {
        var page = Path.Combine(_dir.FullName, "slider.html");
        File.WriteAllText(page, SliderPage.Html(Slider().ToHtml(), "ada-chartslider", 3,
            "document.body.setAttribute('data-title',shown[0].querySelector('text').textContent);"));
        var dom = await Chromium.DumpDom(page, Path.Combine(_dir.FullName, "profile"));
        Assert.Contains("data-visible=\"3\"", dom);
        Assert.Contains("data-title=\"y = 0.75 x\"", dom);
        Assert.Contains("data-label=\"slope = 0.75\"", dom);
    }
}
