using System.Text.RegularExpressions;

namespace AdaNotebooks.NotebookTests;

/// <summary>Reads the kernel's log (dotnet-repl --log-path). Every event the kernel publishes is logged, among them
/// the compiler diagnostics of each cell: <c>⁞Ε⁞ DiagnosticsProduced MESSAGE ... (Command: SubmitCode, ...)</c>
/// (the message shortened by the logger). A cell that compiles cleanly logs no such line.</summary>
public static class KernelLog
{
    static readonly Regex Diagnostics =
        new(@"⁞Ε⁞ DiagnosticsProduced (?<message>.*?) \(Command: ", RegexOptions.Compiled);

    /// <summary>The diagnostics the kernel reported, in order, from every log file in
    /// <paramref name="directory"/>.</summary>
    public static IReadOnlyList<string> CompilerDiagnostics(string directory) =>
        !Directory.Exists(directory)
            ? []
            : Directory.EnumerateFiles(directory, "*.log").Order(StringComparer.Ordinal)
                .SelectMany(File.ReadLines)
                .Select(line => Diagnostics.Match(line))
                .Where(m => m.Success && m.Groups["message"].Value.Trim().Length > 0)
                .Select(m => m.Groups["message"].Value.Trim()).ToList();
}
