using System.Text.RegularExpressions;
using AdaNotebooks.Training;

namespace AdaNotebooks.Tests.Training;

/// <summary>report.html opens in a real browser without network: the charts draw and the images load.
/// Needs Debian's chromium (<see cref="Chromium"/>).</summary>
public class ReportBrowserTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ada-report-");
    public void Dispose() => _dir.Delete(true);

    [Fact]
    public async Task ChartsDrawAndImagesLoadOffline()
    {
        var data = TinyRuns.Dataset(_dir.FullName);
        var events = new List<TrainingProgress>();
        using (var t = new Trainer(TinyRuns.Options(data, Path.Combine(_dir.FullName, "run"), kimg: 0.032)))
            t.Run(events.Add);
        var report = RunReport.Write(Path.Combine(_dir.FullName, "run"), "tiny", events);
        int charts = RunReport.Charts(events).Count;

        var html = await Chromium.DumpDom(report, Path.Combine(_dir.FullName, "profile"));
        Assert.Contains("data-images-loaded=\"yes\"", html);
        var drawn = Regex.Match(html, "data-charts-drawn=\"(\\d+)\"");
        Assert.True(drawn.Success, "the page's load handler did not run");
        Assert.Equal(charts, int.Parse(drawn.Groups[1].Value));
        Assert.Contains("class=\"main-svg\"", html);
    }
}
