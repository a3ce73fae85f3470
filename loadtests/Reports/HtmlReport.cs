using System.Globalization;
using System.Net;
using System.Text;
using EdgeGateway.LoadTests.Runner;

namespace EdgeGateway.LoadTests.Reports;

/// <summary>
/// A self-contained HTML page: the summary table, a latency-by-percentile plot (log-scaled tail) and a
/// throughput-over-time plot, drawn as inline SVG so it opens anywhere without scripts or network.
/// </summary>
public static class HtmlReport
{
    private static readonly string[] Colours = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];

    public static string Render(string title, IReadOnlyList<ScenarioResult> results, string markdownSummary)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html><head><meta charset=\"utf-8\"><title>").Append(WebUtility.HtmlEncode(title)).Append("</title>");
        html.Append("<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}th{background:#f4f4f4}td:first-child,td:nth-child(2){text-align:left}svg{background:#fff;border:1px solid #ddd;margin:1em 0}</style></head><body>");
        html.Append("<h1>").Append(WebUtility.HtmlEncode(title)).Append("</h1>");
        html.Append(TableFromMarkdown(markdownSummary));
        html.Append("<h2>Latency by percentile</h2>").Append(PercentilePlot(results));
        html.Append("<h2>Throughput over time (completed requests per second)</h2>").Append(ThroughputPlot(results));
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
        const int width = 900, height = 380, left = 60, bottom = 40, top = 10, right = 200;
        var points = results.Select(r => Enumerable.Range(0, 81).Select(i => i / 20.0)
            .Select(n => (X: n, Y: r.Percentile(100 - 100 * Math.Pow(10, -n)))).ToList()).ToList();
        var maxY = Math.Max(1, points.SelectMany(p => p).Max(p => p.Y)) * 1.05;
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
        const int width = 900, height = 300, left = 60, bottom = 40, top = 10, right = 200;
        var maxX = Math.Max(1, results.Max(r => r.CompletedPerSecond.IsEmpty ? 0 : r.CompletedPerSecond.Keys.Max()));
        var maxY = Math.Max(1, results.Max(r => r.CompletedPerSecond.IsEmpty ? 0 : r.CompletedPerSecond.Values.Max())) * 1.1;
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
            Series(svg, Enumerable.Range(0, maxX + 1).Select(s => (Px(s), Py(r.CompletedPerSecond.GetValueOrDefault(s)))), r.Scenario + " — " + r.Simulation, i, width - right + 10);
        }

        return svg.Append("</svg>").ToString();
    }

    private static StringBuilder Frame(int width, int height) =>
        new StringBuilder().Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">");

    private static void AxisY(StringBuilder svg, double maxY, string unit, Func<double, double> py, int left, int right)
    {
        for (var i = 0; i <= 5; i++)
        {
            var value = maxY * i / 5;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{py(value):0.#}\" x2=\"{right}\" y2=\"{py(value):0.#}\" stroke=\"#eee\"/><text x=\"{left - 6}\" y=\"{py(value) + 4:0.#}\" font-size=\"11\" text-anchor=\"end\">{value:0.##}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"12\" y=\"20\" font-size=\"11\">{unit}</text>");
    }

    private static void Series(StringBuilder svg, IEnumerable<(double X, double Y)> points, string label, int index, int legendX)
    {
        var colour = Colours[index % Colours.Length];
        svg.Append("<polyline fill=\"none\" stroke=\"").Append(colour).Append("\" stroke-width=\"2\" points=\"");
        foreach (var (x, y) in points)
        {
            svg.Append(CultureInfo.InvariantCulture, $"{x:0.#},{y:0.#} ");
        }

        svg.Append("\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{legendX}\" y=\"{14 + index * 18}\" width=\"12\" height=\"4\" fill=\"{colour}\"/><text x=\"{legendX + 16}\" y=\"{20 + index * 18}\" font-size=\"11\">{WebUtility.HtmlEncode(label)}</text>");
    }
}
