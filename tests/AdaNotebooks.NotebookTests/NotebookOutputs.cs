using System.Text.Json;
using System.Text.Json.Nodes;

namespace AdaNotebooks.NotebookTests;

/// <summary>Copies the outputs of an executed notebook back into its source, so committed notebooks read
/// well on a code host. Drops the kernel's transient outputs (package-install progress, machine paths), writes
/// paths inside the repository relative to it and leaves out plotly.js (530 KB a notebook; the charts keep their SVG
/// and turn interactive once a live kernel's first chart brings it). Refuses outputs of quick mode: committed
/// notebooks show real runs.</summary>
public static class NotebookOutputs
{
    static readonly string[] Transient = ["Installing Packages", "Installed Packages", "Loading extensions from"];

    public static void CopyInto(string executedNotebook, string sourceNotebook)
    {
        if (NotebookChecks.QuickModeCells(executedNotebook) is { Count: > 0 } quick)
            throw new InvalidOperationException(
                $"{executedNotebook}: not written back into {Path.GetFileName(sourceNotebook)}: cell(s) " +
                $"{string.Join(", ", quick)} hold quick-mode output (run with ADA_QUICK=0 to update the notebooks)");
        var executed = JsonNode.Parse(File.ReadAllText(executedNotebook))!["cells"]!.AsArray();
        var source = JsonNode.Parse(File.ReadAllText(sourceNotebook))!;
        var cells = source["cells"]!.AsArray();
        if (executed.Count != cells.Count)
            throw new InvalidOperationException($"{sourceNotebook}: executed copy has {executed.Count} cells, source " +
                                                $"{cells.Count}");
        int count = 0;
        for (int i = 0; i < cells.Count; i++)
        {
            if ((string?)cells[i]!["cell_type"] != "code") continue;
            var outputs = new JsonArray();
            foreach (var o in executed[i]!["outputs"]?.AsArray() ?? [])
            {
                var text = o!.ToJsonString();
                if (Transient.Any(text.Contains)) continue;
                // Paths inside the repository are written relative to it (no machine paths in committed notebooks).
                var output = JsonNode.Parse(text.Replace(RepoPaths.Root.TrimEnd('/') + "/", "",
                    StringComparison.Ordinal))!;
                if (output["data"]?["text/html"] is JsonNode html)   // a string, or lines in a list
                {
                    var stripped = AdaNotebooks.Charts.PlotlyCarrier.Strip(html is JsonArray lines
                        ? string.Concat(lines.Select(l => (string?)l)) : (string)html!);
                    output["data"]!["text/html"] = html is JsonArray ? new JsonArray(stripped) : stripped;
                }
                outputs.Add(output);
            }
            cells[i]!["outputs"] = outputs;
            cells[i]!["execution_count"] = ++count;
        }
        // Relaxed escaping writes a quote in HTML as \" rather than \u0022 (a third of a chart output's size).
        File.WriteAllText(sourceNotebook, source.ToJsonString(new JsonSerializerOptions
        {
            WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }) + "\n");
    }
}
