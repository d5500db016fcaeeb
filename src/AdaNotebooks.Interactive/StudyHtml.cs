using System.Net;
using AdaNotebooks.Charts;
using AdaNotebooks.Experiments;

namespace AdaNotebooks.Interactive;

/// <summary>A study's report as one output: where it was written, its summary, its result table and its
/// charts.</summary>
public static class StudyHtml
{
    public static string Leak(LeakReport report) =>
        Render(report.Options.OutDir, report.Summary(), [report.Table()], [report.ToChart()]);

    public static string LeakToy(LeakToyReport report) =>
        Render(report.Options.OutDir, [report.Summary(), LeakToyReport.Prediction], [report.Table()], report.Charts());

    /// <summary>With more than one training seed, the seed summary and the comparison against no augmentation come
    /// before the per-run table.</summary>
    public static string LimitedData(LimitedDataReport report) =>
        Render(report.Options.OutDir, [report.Summary()],
            report.HasSeeds ? [report.SeedTable(), report.SeedComparison(), report.Table()] : [report.Table()],
            report.Charts().Concat(report.Histograms()));

    static string Render(string title, IEnumerable<string> summary, IEnumerable<ResultTable> tables,
        IEnumerable<Chart> charts)
    {
        var list = charts.ToList();
        return $"<div><h4>{WebUtility.HtmlEncode(title)}</h4>" +
               string.Concat(summary.Select(line => $"<p>{WebUtility.HtmlEncode(line)}</p>")) +
               string.Concat(tables.Select(TableHtml.Render)) + (list.Count > 0 ? ChartOutput.Html(list) : "") +
               "</div>";
    }
}
