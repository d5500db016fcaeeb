using System.Diagnostics;

namespace AdaNotebooks.Tests;

/// <summary>Debian's headless Chromium, for tests that open HTML the toolkit writes (.ci/run installs it; so does the
/// first test that needs it). Any request to the network fails: pages must work offline.</summary>
static class Chromium
{
    static readonly Lazy<string> ExecutablePath = new(() =>
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

    /// <summary>Opens <paramref name="htmlFile"/>, lets its scripts run for up to 10 s of virtual time and returns
    /// the DOM as it is then.</summary>
    public static async Task<string> DumpDom(string htmlFile, string profileDirectory)
    {
        var psi = new ProcessStartInfo(ExecutablePath.Value)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--proxy-server=127.0.0.1:9", // any request to the network would fail
                     $"--user-data-dir={profileDirectory}", "--virtual-time-budget=10000",
                     "--dump-dom", new Uri(htmlFile).AbsoluteUri })
            psi.ArgumentList.Add(a);
        using var chromium = Process.Start(psi)!;
        var dom = chromium.StandardOutput.ReadToEndAsync();
        _ = chromium.StandardError.ReadToEndAsync();
        Assert.True(chromium.WaitForExit(120_000), "chromium did not finish in 2 minutes");
        return await dom;
    }
}
