using System.Globalization;
using System.Net;
using System.Text;

namespace AdaNotebooks.Charts;

/// <summary>Renders a <see cref="Chart"/> as a self-contained SVG: axes with round-number ticks, one colour per
/// series, a legend. No script, so it shows wherever HTML or SVG is shown.</summary>
public static class ChartSvg
{
    public static readonly string[] Palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
        "#e377c2", "#7f7f7f"];
    const int Width = 640, Height = 360, Left = 60, Right = 150, Top = 34, Bottom = 44;

    public static string Render(Chart chart)
    {
        // On a log y axis only positive values are drawn, and the axis spans whole decades.
        bool log = chart.LogY;
        double T(double v) => log ? Math.Log10(v) : v;
        var points = chart.Series.SelectMany(s => s.X.Zip(s.Y).Concat(BandPoints(s)))
            .Where(p => Drawn(p.First, p.Second, log)).ToList();
        double x0 = points.Count > 0
            ? points.Min(p => p.First)
            : 0, x1 = points.Count > 0
            ? points.Max(p => p.First)
            : 1;
        double y0 = points.Count > 0
            ? points.Min(p => T(p.Second))
            : 0, y1 = points.Count > 0
            ? points.Max(p => T(p.Second))
            : 1;
        if (log) { y0 = Math.Floor(y0); y1 = Math.Ceiling(y1); }
        else if (chart.Series.Any(s => s.Kind == SeriesKind.Bars)) y0 = Math.Min(0, y0);
        if (x1 <= x0) { x0 -= 0.5; x1 += 0.5; }
        if (y1 <= y0) { y0 -= 0.5; y1 += 0.5; }
        double pw = Width - Left - Right, ph = Height - Top - Bottom;
        double X(double v) => Left + (v - x0) / (x1 - x0) * pw;
        double Y(double v) => Top + ph - (T(v) - y0) / (y1 - y0) * ph;
        double YBase() => log ? Top + ph : Y(Math.Max(y0, Math.Min(0, y1)));

        var sb = new StringBuilder();
        sb.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ada-chart-svg\" viewBox=\"0 0 {Width} " +
                  $"{Height}\" width=\"{Width}\" height=\"{Height}\" font-family=\"sans-serif\" font-size=\"11\">");
        sb.Append($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>");
        // A long title (a study's overlay) in a smaller font, so that it fits the width.
        int titleSize = chart.Title.Length > 72 ? 12 : 14;
        sb.Append($"<text x=\"{Left}\" y=\"20\" font-size=\"{titleSize}\">{Esc(chart.Title)}</text>");
        foreach (var t in log ? LogTicks(y0, y1) : Ticks(y0, y1))
            sb.Append($"<line x1=\"{F(Left)}\" x2=\"{F(Left + pw)}\" y1=\"{F(Y(t))}\" y2=\"{F(Y(t))}\" " +
                      $"stroke=\"#e5e5e5\"/><text x=\"{F(Left - 6)}\" y=\"{F(Y(t) + 4)}\" " +
                      $"text-anchor=\"end\">{Label(t)}</text>");
        foreach (var t in Ticks(x0, x1))
            sb.Append($"<line x1=\"{F(X(t))}\" x2=\"{F(X(t))}\" y1=\"{F(Top + ph)}\" y2=\"{F(Top + ph + 4)}\" " +
                      $"stroke=\"#444\"/><text x=\"{F(X(t))}\" y=\"{F(Top + ph + 16)}\" " +
                      $"text-anchor=\"middle\">{Label(t)}</text>");
        sb.Append($"<rect x=\"{Left}\" y=\"{Top}\" width=\"{F(pw)}\" height=\"{F(ph)}\" fill=\"none\" " +
                  "stroke=\"#444\"/>");
        sb.Append($"<text x=\"{F(Left + pw / 2)}\" y=\"{Height - 8}\" " +
                  $"text-anchor=\"middle\">{Esc(chart.XLabel)}</text>");
        sb.Append($"<text transform=\"translate(14,{F(Top + ph / 2)}) rotate(-90)\" " +
                  $"text-anchor=\"middle\">{Esc(chart.YLabel)}</text>");

        // Bands first, so that every line is drawn over every band.
        for (int k = 0; k < chart.Series.Count; k++)
        {
            var s = chart.Series[k];
            if (!s.HasBand) continue;
            var edge = s.X.Select((x, i) => (X: x, Low: s.Low![i], High: s.High![i]))
                .Where(p => Drawn(p.X, p.Low, log) && Drawn(p.X, p.High, log)).ToList();
            var outline = edge.Select(p => (p.X, Y: p.High)).Concat(edge.AsEnumerable().Reverse()
                .Select(p => (p.X, Y: p.Low)));
            var coordinates = string.Join(' ', outline.Select(p => $"{F(X(p.X))},{F(Y(p.Y))}"));
            sb.Append($"<polygon class=\"band\" fill=\"{Palette[k % Palette.Length]}\" fill-opacity=\"0.2\" " +
                      $"stroke=\"none\" points=\"{coordinates}\"/>");
        }

        int barSeries = chart.Series.Count(s => s.Kind == SeriesKind.Bars), barIndex = 0;
        for (int k = 0; k < chart.Series.Count; k++)
        {
            var s = chart.Series[k];
            var color = Palette[k % Palette.Length];
            var pts = s.X.Zip(s.Y).Where(p => Drawn(p.First, p.Second, log)).ToList();
            switch (s.Kind)
            {
                case SeriesKind.Line or SeriesKind.Dashed:
                    sb.Append($"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"1.8\" " +
                              (s.Kind == SeriesKind.Dashed ? "stroke-dasharray=\"6 4\" " : "") +
                              $"points=\"{string.Join(' ', pts.Select(p => $"{F(X(p.First))},{F(Y(p.Second))}"))}\"/>");
                    break;
                case SeriesKind.Markers:
                    foreach (var p in pts)
                        sb.Append($"<circle cx=\"{F(X(p.First))}\" cy=\"{F(Y(p.Second))}\" r=\"3\" fill=\"{color}\"/>");
                    break;
                case SeriesKind.Bars:
                    double step = pts.Count > 1 ? (X(pts[1].First) - X(pts[0].First)) : pw / 10;
                    double bw = step / Math.Max(1, barSeries);
                    foreach (var p in pts)
                    {
                        double top = log ? Y(p.Second) : Math.Min(Y(p.Second), YBase());
                        double bottom = log ? YBase() : Math.Max(Y(p.Second), YBase());
                        sb.Append($"<rect x=\"{F(X(p.First) - step / 2 + barIndex * bw)}\" y=\"{F(top)}\" " +
                                  $"width=\"{F(Math.Max(0.5, bw))}\" height=\"{F(Math.Max(0, bottom - top))}\" " +
                                  $"fill=\"{color}\" fill-opacity=\"0.75\"/>");
                    }
                    barIndex++;
                    break;
            }
            double ly = Top + 12 + k * 16;
            sb.Append($"<rect x=\"{F(Left + pw + 12)}\" y=\"{F(ly - 8)}\" width=\"12\" height=\"8\" " +
                      $"fill=\"{color}\"/><text x=\"{F(Left + pw + 28)}\" y=\"{F(ly)}\">{Esc(s.Name)}</text>");
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>About five round-number ticks (1, 2 or 5 times a power of ten) inside [lo, hi].</summary>
    public static IReadOnlyList<double> Ticks(double lo, double hi)
    {
        double raw = (hi - lo) / 5, mag = Math.Pow(10, Math.Floor(Math.Log10(raw))), norm = raw / mag;
        double step = (norm < 1.5 ? 1 : norm < 3.5 ? 2 : norm < 7.5 ? 5 : 10) * mag;
        var ticks = new List<double>();
        for (double t = Math.Ceiling(lo / step) * step; t <= hi + step * 1e-9; t += step)
            ticks.Add(Math.Abs(t) < step * 1e-9 ? 0 : t);
        return ticks;
    }

    /// <summary>Ticks of a log axis spanning 10^lo..10^hi: each power of ten, and 2 and 5 times it when the axis
    /// spans less than two decades.</summary>
    public static IReadOnlyList<double> LogTicks(double lo, double hi)
    {
        var ticks = new List<double>();
        double[] multiples = hi - lo < 2 ? [1, 2, 5] : [1];
        for (int e = (int)Math.Floor(lo); e <= (int)Math.Ceiling(hi); e++)
            foreach (var m in multiples)
            {
                double t = m * Math.Pow(10, e), l = Math.Log10(t);
                if (l >= lo - 1e-9 && l <= hi + 1e-9) ticks.Add(t);
            }
        return ticks;
    }

    static IEnumerable<(double First, double Second)> BandPoints(Series s) =>
        s.HasBand ? s.X.Zip(s.Low!).Concat(s.X.Zip(s.High!)) : [];

    static bool Drawn(double x, double y, bool log) => double.IsFinite(x) && double.IsFinite(y) && (!log || y > 0);

    /// <summary>A tick label: up to four significant digits; whole numbers from 10,000 on with thousands
    /// separators.</summary>
    static string Label(double v) => Math.Abs(v) >= 1e4 && Math.Abs(v) < 1e15 && v == Math.Round(v)
        ? v.ToString("N0", CultureInfo.InvariantCulture)
        : v.ToString("G4", CultureInfo.InvariantCulture);
    static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
    static string Esc(string s) => WebUtility.HtmlEncode(s);
}
