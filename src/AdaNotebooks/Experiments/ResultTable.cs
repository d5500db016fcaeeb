using System.Text;

namespace AdaNotebooks.Experiments;

/// <summary>A table of results: column headers and rows of formatted cells, written as markdown (results.md, the
/// command line) and shown as an HTML table in notebooks.</summary>
public sealed record ResultTable(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>A GitHub-flavoured markdown table, one line per row.</summary>
    public string ToMarkdown()
    {
        var s = new StringBuilder();
        s.AppendLine("| " + string.Join(" | ", Columns) + " |");
        s.AppendLine("|" + string.Concat(Columns.Select(_ => "---|")));
        foreach (var row in Rows)
        {
            if (row.Count != Columns.Count)
                throw new InvalidOperationException($"a result row has {row.Count} cells, the table " +
                                                    $"{Columns.Count} columns");
            s.AppendLine("| " + string.Join(" | ", row) + " |");
        }
        return s.ToString();
    }
}
