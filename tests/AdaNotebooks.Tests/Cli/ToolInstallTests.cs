using AdaNotebooks.Course;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace AdaNotebooks.Tests.Cli;

/// <summary>`ada` as a .NET tool: the package the build put on the repository-local feed installs into a tool path
/// and runs.</summary>
public class ToolInstallTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ada-tool-");
    public void Dispose() => _dir.Delete(true);

    static (int Code, string Output) Run(string file, string arguments, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(true);
            throw new TimeoutException(file);
        }
        return (process.ExitCode, stdout + stderr.Result);
    }

    [Fact]
    public void TheToolOnTheLocalFeedInstallsAndItsDoctorPasses()
    {
        var feed = Path.Combine(Repository.RootAbove(AppContext.BaseDirectory), "artifacts", "feed");
        var package = Directory.GetFiles(feed, "ada.*.nupkg").Select(Path.GetFileName).Single()!;
        var version = Regex.Match(package, @"^ada\.(.+)\.nupkg$").Groups[1].Value;
        var tools = Path.Combine(_dir.FullName, "tools");
        // The tool package goes into a throw-away package folder, not the user's (one per build would pile up).
        var (installed, log) = Run("dotnet", $"tool install --tool-path \"{tools}\" --add-source \"{feed}\" " +
            $"--version {version} ada", new Dictionary<string, string>
            {
                ["NUGET_PACKAGES"] = Path.Combine(_dir.FullName, "packages"), ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            });
        Assert.True(installed == 0, log);

        var (code, output) = Run(Path.Combine(tools, "ada"), "doctor");
        Assert.True(code == 0, output);
        Assert.Matches(@"TorchSharp\s+0\.107", output);
        Assert.Matches(@"libtorch\s+2\.10", output);
        Assert.Contains("= 54 (expected 54)", output);
        Assert.Contains("status             ok", output);
    }
}
