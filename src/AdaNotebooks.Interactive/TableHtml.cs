using System.Net;
using System.Text;
using AdaNotebooks.Experiments;

namespace AdaNotebooks.Interactive;

/// <summary>A result table as an HTML table (numbers right-aligned).</summary>
public static class TableHtml
{
    public static string Render(ResultTable table)
    {
        var sb = new StringBuilder("<table style=\"border-collapse:collapse;font-size:smaller\"><thead><tr>");
        foreach (var c in table.Columns)
            sb.Append($"<th style=\"padding:2px 8px;text-align:left\">{WebUtility.HtmlEncode(c)}</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var row in table.Rows)
        {
            sb.Append("<tr>");
            foreach (var cell in row)
                sb.Append($"<td style=\"padding:2px 8px;text-align:{(LooksNumeric(cell) ? "right" : "left")}\">" +
                          $"{WebUtility.HtmlEncode(cell)}</td>");
            sb.Append("</tr>");
        }
        return sb.Append("</tbody></table>").ToString();
    }

    static bool LooksNumeric(string cell) => cell.Length > 0 && (char.IsDigit(cell[0]) || cell[0] == '-');
}
