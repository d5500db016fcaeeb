using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace AdaNotebooks.NotebookTests;

/// <summary>A cell that raised an error: its index among all cells, its first source line and the error text.</summary>
public sealed record FailedCell(int Index, string FirstLine, string Error)
{
    public override string ToString() => $"cell {Index} ({FirstLine}): {Error}";
}

/// <param name="CompilerDiagnostics">The compiler diagnostics the kernel reported for the cells (from its log):
/// dotnet-repl leaves them out of the executed notebook, but Jupyter prints each under its cell, warnings
/// included.</param>
public sealed record NotebookRun(string Notebook, string ExecutedPath, int ExitCode, bool TimedOut, TimeSpan Elapsed,
    string Log, IReadOnlyList<FailedCell> FailedCells, IReadOnlyList<string> CompilerDiagnostics)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut && FailedCells.Count == 0;

    public string Describe()
    {
        var sb = new StringBuilder($"{Path.GetFileName(Notebook)}: exit code " +
                                   $"{ExitCode}{(TimedOut ? ", timed out" : "")}, {Elapsed.TotalSeconds:F0} s");
        foreach (var cell in FailedCells) sb.Append('\n').Append(cell);
        if (FailedCells.Count == 0 && !Succeeded)
            sb.Append("\nrunner output:\n").Append(Log.Length > 4000 ? Log[^4000..] : Log);
        return sb.ToString();
    }
}

/// <summary>Executes a notebook headless with the stock .NET Interactive kernel (dotnet-repl, pinned in the
/// repository's tool manifest), in its own process, with the notebook's folder as working directory. The kernel's
/// log goes next to the executed copy (NAME.log/), for the compiler diagnostics it records.</summary>
public static class NotebookRunner
{
    static readonly Lazy<string> ToolRestore = new(() =>
    {
        var (code, log, _) = Exec("dotnet", ["tool", "restore"], RepoPaths.Root, TimeSpan.FromMinutes(5),
            new Dictionary<string, string>());
        if (code != 0) throw new InvalidOperationException("dotnet tool restore failed:\n" + log);
        return log;
    });

    public static NotebookRun Run(string notebook, string executedPath, TimeSpan timeout,
        IDictionary<string, string>? environment = null)
    {
        _ = ToolRestore.Value;
        Directory.CreateDirectory(Path.GetDirectoryName(executedPath)!);
        if (File.Exists(executedPath)) File.Delete(executedPath);
        var logDirectory = Path.ChangeExtension(executedPath, ".log");
        if (Directory.Exists(logDirectory)) Directory.Delete(logDirectory, true);
        var env = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        };
        var sw = Stopwatch.StartNew();
        var (code, log, timedOut) = Exec("dotnet",
            ["tool", "run", "dotnet-repl", "--", "--run", notebook, "--exit-after-run", "--output-format", "ipynb",
                "--output-path", executedPath, "--log-path", logDirectory],
            Path.GetDirectoryName(notebook)!, timeout, env);
        return new NotebookRun(notebook, executedPath, code, timedOut, sw.Elapsed, log,
            File.Exists(executedPath) ? FailedCells(executedPath) : [], KernelLog.CompilerDiagnostics(logDirectory));
    }

    /// <summary>Cells whose outputs include an error.</summary>
    public static IReadOnlyList<FailedCell> FailedCells(string executedNotebook)
    {
        var cells = JsonNode.Parse(File.ReadAllText(executedNotebook))!["cells"]!.AsArray();
        var failed = new List<FailedCell>();
        for (int i = 0; i < cells.Count; i++)
        {
            foreach (var output in cells[i]!["outputs"]?.AsArray() ?? [])
            {
                if ((string?)output!["output_type"] != "error") continue;
                var source = Text(cells[i]!["source"]);
                var first = source.Split('\n').FirstOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "";
                failed.Add(new FailedCell(i, first, $"{(string?)output["ename"]}: {(string?)output["evalue"]}"));
            }
        }
        return failed;
    }

    public static string Text(JsonNode? node) => node switch
    {
        JsonArray a => string.Concat(a.Select(x => (string?)x)),
        null => "",
        _ => (string?)node ?? "",
    };

    static (int Code, string Log, bool TimedOut) Exec(string file, string[] args, string workingDirectory,
        TimeSpan timeout, IDictionary<string, string> env)
    {
        var psi = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var process = new Process { StartInfo = psi };
        var log = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        bool exited = process.WaitForExit((int)timeout.TotalMilliseconds);
        if (!exited) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        lock (log) return (exited ? process.ExitCode : -1, log.ToString(), !exited);
    }
}
