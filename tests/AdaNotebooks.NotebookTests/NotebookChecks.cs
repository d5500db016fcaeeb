using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AdaNotebooks.NotebookTests;

/// <summary>What the outputs of a notebook (committed or executed) must not hold: quick-mode output (committed
/// notebooks show real runs) and compiler warnings (noise a reader should never see).</summary>
public static class NotebookChecks
{
    static readonly Regex QuickLine = new(@"(^|[\s>])mode: quick($|[\s<])", RegexOptions.Multiline);
    static readonly Regex ModeLine = new(@"(^|[\s>])mode: (quick|interactive|full)($|[\s<])", RegexOptions.Multiline);
    static readonly Regex CompilerWarning = new(@"warning CS\d{4}");

    /// <summary>Cells (by index) with an output holding the line "mode: quick".</summary>
    public static IReadOnlyList<int> QuickModeCells(string notebook) =>
        CodeCells(notebook).Where(c => c.Outputs.Any(o => QuickLine.IsMatch(o))).Select(c => c.Index).ToList();

    /// <summary>Outputs holding a compiler warning ("warning CS1701: ..."), as "cell N: text".</summary>
    public static IReadOnlyList<string> CompilerWarnings(string notebook) =>
        CodeCells(notebook).SelectMany(c => c.Outputs.Select(o => CompilerWarning.Match(o))
            .Where(m => m.Success).Select(m => $"cell {c.Index}: {m.Value}")).ToList();

    /// <summary>The mode the first code cell prints ("interactive"), or null when it prints none.</summary>
    public static string? FirstCellMode(string notebook) =>
        CodeCells(notebook).Take(1).SelectMany(c => c.Outputs).Select(o => ModeLine.Match(o))
            .FirstOrDefault(m => m.Success)?.Groups[2].Value;

    /// <summary>Each code cell's index and the text of each of its outputs (stream text, error text and every mime
    /// type's data).</summary>
    static IEnumerable<(int Index, List<string> Outputs)> CodeCells(string notebook)
    {
        var cells = JsonNode.Parse(File.ReadAllText(notebook))!["cells"]!.AsArray();
        for (int i = 0; i < cells.Count; i++)
        {
            if ((string?)cells[i]!["cell_type"] != "code") continue;
            var texts = new List<string>();
            foreach (var output in cells[i]!["outputs"]?.AsArray() ?? [])
            {
                texts.Add(NotebookRunner.Text(output!["text"]));
                texts.Add($"{(string?)output["evalue"]}");
                if (output["data"] is JsonObject data)
                    texts.AddRange(data.Select(kv => NotebookRunner.Text(kv.Value)));
            }
            yield return (i, texts);
        }
    }
}
