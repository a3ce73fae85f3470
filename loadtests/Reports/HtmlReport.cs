using System.Globalization;
using System.Net;
using System.Text;
using EdgeGateway.LoadTests.Runner;

namespace EdgeGateway.LoadTests.Reports;

/// <summary>
/// A self-contained HTML page: the summary table, a latency-by-percentile plot (log-scaled tail), a
/// throughput-over-time plot and a latency-over-time plot, drawn as inline SVG so it opens anywhere without scripts or network.
/// </summary>
public static class HtmlReport
{
    // Tableau 10: distinct for ten series; beyond ten the colours repeat with a dashed line.
    private static readonly string[] Colours = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

    // Wide enough on the right for a legend line such as "c-gateway @500/s — constant 500/s for 20 s".
    internal const int PlotWidth = 1160, LegendWidth = 380;

    public static string Render(string title, IReadOnlyList<ScenarioResult> results, string markdownSummary)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html><head><meta charset=\"utf-8\"><title>").Append(WebUtility.HtmlEncode(title)).Append("</title>");
        html.Append("<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}th{background:#f4f4f4}td:first-child,td:nth-child(2){text-align:left}svg{background:#fff;border:1px solid #ddd;margin:1em 0}</style></head><body>");
        html.Append("<h1>").Append(WebUtility.HtmlEncode(title)).Append("</h1>");
        html.Append(TableFromMarkdown(markdownSummary));
        html.Append("<h2>Latency by percentile</h2>").Append(PercentilePlot(results));
        html.Append("<h2>Throughput over time (completed requests per second)</h2>").Append(ThroughputPlot(results));
        html.Append("<h2>Latency over time (p50 and p99 of the requests completed each second)</h2>").Append(LatencyOverTimePlot.Render(results));
        html.Append("</body></html>");
        return html.ToString();
    }

    private static string TableFromMarkdown(string markdown)
    {
        var rows = markdown.Split('\n').Where(l => l.StartsWith('|')).ToList();
        if (rows.Count < 2)
        {
            return string.Empty;
        }

        var html = new StringBuilder("<table>");
        for (var i = 0; i < rows.Count; i++)
        {
            if (i == 1)
            {
                continue; // the markdown alignment row
            }

            var cells = rows[i].Trim().Trim('|').Split('|');
            html.Append("<tr>");
            foreach (var cell in cells)
            {
                html.Append(i == 0 ? "<th>" : "<td>").Append(WebUtility.HtmlEncode(cell.Trim())).Append(i == 0 ? "</th>" : "</td>");
            }

            html.Append("</tr>");
        }

        return html.Append("</table>").ToString();
    }

    private static string PercentilePlot(IReadOnlyList<ScenarioResult> results)
    {
        // x: percentile on a "number of nines" scale (0 → p0, 1 → p90, 2 → p99, 3 → p99.9, 4 → p99.99).
        const int width = PlotWidth, left = 60, bottom = 40, top = 24, right = LegendWidth;
        var height = Math.Max(380, 30 + results.Count * 18);
        // Each line stops where its sample count stops telling percentiles apart (p99.99 needs 10,000 samples).
        var points = results.Select(r => Enumerable.Range(0, 81).Select(i => i / 20.0).Where(n => n <= PercentileSupport.MaxNines(r.Latency.TotalCount) + 1e-9)
            .Select(n => (X: n, Y: r.Percentile(100 - 100 * Math.Pow(10, -n)))).ToList()).ToList();
        var maxY = NiceCeiling(Math.Max(1, points.SelectMany(p => p).Select(p => p.Y).DefaultIfEmpty(1).Max()));
        var svg = Frame(width, height);
        double Px(double x) => left + x / 4 * (width - left - right);
        double Py(double y) => height - bottom - y / maxY * (height - bottom - top);
        foreach (var (label, x) in new[] { ("p0", 0.0), ("p90", 1.0), ("p99", 2.0), ("p99.9", 3.0), ("p99.99", 4.0) })
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Px(x):0.#}\" y1=\"{top}\" x2=\"{Px(x):0.#}\" y2=\"{height - bottom}\" stroke=\"#eee\"/><text x=\"{Px(x):0.#}\" y=\"{height - bottom + 16}\" font-size=\"11\" text-anchor=\"middle\">{label}</text>");
        }

        AxisY(svg, maxY, "ms", Py, left, width - right);
        for (var i = 0; i < results.Count; i++)
        {
            Series(svg, points[i].Select(p => (Px(p.X), Py(p.Y))), results[i].Scenario + " — " + results[i].Simulation, i, width - right + 10);
        }

        return svg.Append("</svg>").ToString();
    }

    private static string ThroughputPlot(IReadOnlyList<ScenarioResult> results)
    {
        // Only whole seconds: the second in which a run ends holds just its last stragglers and would plot as a collapse.
        const int width = PlotWidth, left = 60, bottom = 40, top = 24, right = LegendWidth;
        var height = Math.Max(300, 30 + results.Count * 18);
        static int WholeSeconds(ScenarioResult r) => Math.Max(1, (int)Math.Floor((r.PlannedDuration > TimeSpan.Zero ? r.PlannedDuration : r.Elapsed).TotalSeconds));
        var maxX = Math.Max(1, results.Max(WholeSeconds) - 1);
        var maxY = NiceCeiling(Math.Max(1, results.Max(r => r.CompletedPerSecond.IsEmpty ? 0 : r.CompletedPerSecond.Values.Max())) * 1.05);
        var svg = Frame(width, height);
        double Px(double x) => left + x / maxX * (width - left - right);
        double Py(double y) => height - bottom - y / maxY * (height - bottom - top);
        for (var s = 0; s <= maxX; s += Math.Max(1, maxX / 10))
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Px(s):0.#}\" y=\"{height - bottom + 16}\" font-size=\"11\" text-anchor=\"middle\">{s}s</text>");
        }

        AxisY(svg, maxY, "req/s", Py, left, width - right);
        for (var i = 0; i < results.Count; i++)
        {
            var r = results[i];
            Series(svg, Enumerable.Range(0, WholeSeconds(r)).Select(s => (Px(s), Py(r.CompletedPerSecond.GetValueOrDefault(s)))), r.Scenario + " — " + r.Simulation, i, width - right + 10);
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>A round gridline step (1, 2, 2.5 or 5 × 10^k) giving about five lines up to <paramref name="value"/>.</summary>
    public static double NiceStep(double value)
    {
        var rough = value / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        return new[] { 1.0, 2.0, 2.5, 5.0, 10.0 }.First(m => m * magnitude >= rough) * magnitude;
    }

    /// <summary>The axis top: <paramref name="value"/> rounded up to a whole number of <see cref="NiceStep"/>s.</summary>
    public static double NiceCeiling(double value)
    {
        var step = NiceStep(value);
        return Math.Ceiling(value / step - 1e-9) * step;
    }

    internal static StringBuilder Frame(int width, int height) =>
        new StringBuilder().Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">");

    internal static void AxisY(StringBuilder svg, double maxY, string unit, Func<double, double> py, int left, int right)
    {
        var step = NiceStep(maxY);
        for (var value = 0.0; value <= maxY + step / 1000; value += step)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{py(value):0.#}\" x2=\"{right}\" y2=\"{py(value):0.#}\" stroke=\"#eee\"/><text x=\"{left - 6}\" y=\"{py(value) + 4:0.#}\" font-size=\"11\" text-anchor=\"end\">{value:0.##}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"12\" y=\"12\" font-size=\"11\">{unit}</text>");
    }

    internal static void Series(StringBuilder svg, IEnumerable<(double X, double Y)> points, string label, int index, int legendX)
    {
        var colour = Colours[index % Colours.Length];
        var dash = index >= Colours.Length ? " stroke-dasharray=\"6 3\"" : string.Empty;
        svg.Append("<polyline fill=\"none\" stroke=\"").Append(colour).Append('"').Append(dash).Append(" stroke-width=\"2\" points=\"");
        foreach (var (x, y) in points)
        {
            svg.Append(CultureInfo.InvariantCulture, $"{x:0.#},{y:0.#} ");
        }

        svg.Append("\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{legendX}\" y1=\"{16 + index * 18}\" x2=\"{legendX + 14}\" y2=\"{16 + index * 18}\" stroke=\"{colour}\" stroke-width=\"3\"{dash}/><text x=\"{legendX + 16}\" y=\"{20 + index * 18}\" font-size=\"11\">{WebUtility.HtmlEncode(label)}</text>");
    }
}
