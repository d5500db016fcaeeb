namespace AdaNotebooks.NotebookTests;

static class RepoPaths
{
    /// <summary>The repository root: the nearest folder above the test binaries that holds AdaNotebooks.sln.</summary>
    public static readonly string Root = Find(AppContext.BaseDirectory);

    public static string Notebooks => Path.Combine(Root, "notebooks");
    public static string Fixtures => Path.Combine(Root, "tests", "AdaNotebooks.NotebookTests", "Fixtures");
    public static string ExecutedNotebooks => Path.Combine(Root, "artifacts", "notebooks");

    static string Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AdaNotebooks.sln"))) return dir.FullName;
        throw new InvalidOperationException($"AdaNotebooks.sln not found above {start}");
    }
}
