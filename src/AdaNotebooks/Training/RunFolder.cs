using System.Globalization;

namespace AdaNotebooks.Training;

/// <summary>A run folder refused: it holds another run, another process is writing it, or a snapshot is
/// unreadable.</summary>
public sealed class RunFolderException(string message) : Exception(message);

/// <summary>What a run folder holds and who writes it. A folder belongs to one run: the files below mark a run, and
/// a lock file (.lock, held with an exclusive advisory lock while a run is alive) refuses a second writer.</summary>
public static class RunFolder
{
    /// <summary>The file patterns a run writes.</summary>
    public static readonly IReadOnlyList<string> RunFilePatterns =
        ["snapshot-*.zip", "stats.jsonl", "options.json", "report.html", "samples.png", "events.out.tfevents.*"];

    /// <summary>The files of a run in <paramref name="directory"/> (none when it does not exist).</summary>
    public static List<string> RunFiles(string directory) => !Directory.Exists(directory)
        ? []
        : RunFilePatterns.SelectMany(p => Directory.EnumerateFiles(directory, p)).Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Whether <paramref name="file"/> lies directly in <paramref name="directory"/>.</summary>
    public static bool Holds(string directory, string file) =>
        Path.GetDirectoryName(Path.GetFullPath(file)) == Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));

    /// <summary>The snapshots in <paramref name="directory"/>, oldest (lowest kimg) first.</summary>
    public static List<string> Snapshots(string directory) => !Directory.Exists(directory)
        ? []
        : Directory.EnumerateFiles(directory, "snapshot-*.zip")
            .Select(f => (File: f, Kimg: Snapshot.KimgOf(Path.GetFileName(f))))
            .Where(x => x.Kimg is not null).OrderBy(x => x.Kimg).Select(x => x.File).ToList();

    /// <summary>Deletes all but the newest <paramref name="keep"/> snapshots; returns the deleted paths.</summary>
    public static List<string> Prune(string directory, int keep)
    {
        var all = Snapshots(directory);
        var deleted = all.Take(Math.Max(0, all.Count - keep)).ToList();
        foreach (var f in deleted) File.Delete(f);
        return deleted;
    }

    /// <summary>Refuses a fresh run into a folder that holds another run, unless <paramref name="overwrite"/>, in which
    /// case that run's files are deleted.</summary>
    public static void ClaimForFreshRun(string directory, bool overwrite)
    {
        var files = RunFiles(directory);
        if (files.Count == 0) return;
        if (!overwrite)
        {
            int snapshots = files.Count(f => Path.GetFileName(f).StartsWith("snapshot-", StringComparison.Ordinal));
            throw new RunFolderException(
                $"{directory} holds another run ({snapshots} snapshot(s), {files.Count - snapshots} other file(s)): " +
                "continue it " +
                "with --resume latest, train into a fresh --out, or pass --overwrite to replace it");
        }
        foreach (var f in files) File.Delete(f);
    }
}

/// <summary>The lock of a run folder: an exclusive advisory lock on <c>.lock</c> held for the run's life. A lock file
/// left by a killed run holds no lock and is taken over.</summary>
public sealed class RunLock : IDisposable
{
    public const string FileName = ".lock";
    readonly FileStream _stream;
    readonly string _path;

    /// <summary>The process id written in a stale lock file this lock took over, if any.</summary>
    public string? TookOverFrom { get; }

    RunLock(FileStream stream, string path, string? previous) => (_stream, _path, TookOverFrom) = (stream, path,
        previous);

    public static RunLock Acquire(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        FileStream stream;
        try
        {
            // FileShare.None takes flock(LOCK_EX | LOCK_NB) on Unix: the kernel drops it when the process dies.
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new RunFolderException($"{directory} is being written by another run ({Holder(path)}); wait for it " +
                                         "to finish " +
                                         "or train into another --out");
        }
        string previous = new StreamReader(stream, leaveOpen: true).ReadToEnd().Trim();
        stream.SetLength(0);
        using (var writer = new StreamWriter(stream, leaveOpen: true))
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"pid {Environment.ProcessId}"));
        stream.Flush();
        return new RunLock(stream, path, previous.Length > 0 ? previous : null);
    }

    static string Holder(string path)
    {
        try
        {
            using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var text = new StreamReader(s).ReadToEnd().Trim();
            return text.Length > 0 ? text : "pid unknown";
        }
        catch (IOException) { return "pid unknown"; }
    }

    public void Dispose()
    {
        _stream.Dispose();
        try { File.Delete(_path); } catch (IOException) { }
    }
}
