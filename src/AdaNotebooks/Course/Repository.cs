namespace AdaNotebooks.Course;

/// <summary>The repository a notebook runs in: the nearest folder at or above the working directory (a notebook's
/// kernel starts in the notebook's folder) that holds AdaNotebooks.sln. The notebooks read data/ and the committed
/// results in bench/results/ through it.</summary>
public static class Repository
{
    const string Marker = "AdaNotebooks.sln";

    /// <summary>The repository root above the working directory.</summary>
    public static string Root => RootAbove(Directory.GetCurrentDirectory());

    /// <summary>A path inside the repository, e.g. <c>Repository.PathTo("bench", "results")</c>.</summary>
    public static string PathTo(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>The nearest folder at or above <paramref name="start"/> that holds AdaNotebooks.sln.</summary>
    public static string RootAbove(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, Marker))) return dir.FullName;
        throw new DirectoryNotFoundException($"{Marker} not found in {start} or above it: open the notebook from " +
                                             "the repository's notebooks/ folder");
    }
}
