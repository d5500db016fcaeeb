using System.Diagnostics;
using System.Text.RegularExpressions;
using AdaNotebooks.Training;

namespace AdaNotebooks.Tests.Training;

/// <summary>report.html opens in a real browser without network: the charts draw and the images load.
/// Needs Debian's chromium (.ci/run installs it).</summary>
public class ReportBrowserTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ada-report-");
    public void Dispose() => _dir.Delete(true);

    static readonly Lazy<string> ChromiumPath = new(() =>
    {
        string? Find() => new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
        if (Find() is { } found) return found;
        // The test setup installs Debian's chromium when it is missing (as root, with apt-get).
        foreach (var args in new[] { "update -qq", "install -y -qq chromium" })
        {
            var psi = new ProcessStartInfo("apt-get", args)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            psi.Environment["DEBIAN_FRONTEND"] = "noninteractive";
            using var p = Process.Start(psi)!;
            p.StandardOutput.ReadToEnd();
            var err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0)
                throw new InvalidOperationException($"chromium is missing and apt-get {args} failed: {err.Trim()}");
        }
        return Find() ?? throw new InvalidOperationException("apt-get installed chromium but /usr/bin/chromium is " +
                                                             "missing");
    });

    static string Chromium => ChromiumPath.Value;

    [Fact]
    public async Task ChartsDrawAndImagesLoadOffline()
    {
        var data = TinyRuns.Dataset(_dir.FullName);
        var events = new List<TrainingProgress>();
        using (var t = new Trainer(TinyRuns.Options(data, Path.Combine(_dir.FullName, "run"), kimg: 0.032)))
            t.Run(events.Add);
        var report = RunReport.Write(Path.Combine(_dir.FullName, "run"), "tiny", events);
        int charts = RunReport.Charts(events).Count;

        var psi = new ProcessStartInfo(Chromium) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--proxy-server=127.0.0.1:9", // any request to the network would fail
                     $"--user-data-dir={Path.Combine(_dir.FullName, "profile")}", "--virtual-time-budget=10000",
                     "--dump-dom", new Uri(report).AbsoluteUri })
            psi.ArgumentList.Add(a);
        using var chromium = Process.Start(psi)!;
        var dom = chromium.StandardOutput.ReadToEndAsync();
        _ = chromium.StandardError.ReadToEndAsync();
        Assert.True(chromium.WaitForExit(120_000), "chromium did not finish in 2 minutes");
        var html = await dom;
        Assert.Contains("data-images-loaded=\"yes\"", html);
        var drawn = Regex.Match(html, "data-charts-drawn=\"(\\d+)\"");
        Assert.True(drawn.Success, "the page's load handler did not run");
        Assert.Equal(charts, int.Parse(drawn.Groups[1].Value));
        Assert.Contains("class=\"main-svg\"", html);
    }
}
