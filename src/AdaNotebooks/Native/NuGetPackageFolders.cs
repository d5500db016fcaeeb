namespace AdaNotebooks.Native;

/// <summary>The NuGet global packages folders where restored packages live: NUGET_PACKAGES if set, then
/// ~/.nuget/packages. The installed `ada` tool and the notebook kernel find libtorch and the metrics network
/// there rather than carrying them.</summary>
public static class NuGetPackageFolders
{
    public static IEnumerable<string> Roots()
    {
        if (Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages) yield return packages;
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (!string.IsNullOrEmpty(home)) yield return Path.Combine(home, ".nuget", "packages");
    }
}
