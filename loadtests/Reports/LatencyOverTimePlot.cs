using System.Globalization;
using EdgeGateway.LoadTests.Runner;

namespace EdgeGateway.LoadTests.Reports;

/// <summary>
/// p50 and p99 of the requests completed in each whole second: a stall, a GC pause or a warming cache shows as a
/// spike at its time, which the percentile plot folds into the tail. A second with fewer than 100 completions has
/// no p99 point (see <see cref="PercentileSupport"/>), and the second a run ends in is left out, as for throughput.
/// </summary>
internal static class LatencyOverTimePlot
{
    public static string Render(IReadOnlyList<ScenarioResult> results)
    {
        const int width = HtmlReport.PlotWidth, left = 60, bottom = 40, top = 24, right = HtmlReport.LegendWidth;
        var height = Math.Max(300, 30 + results.Count * 36);
        static int WholeSeconds(ScenarioResult r) => Math.Max(1, (int)Math.Floor((r.PlannedDuration > TimeSpan.Zero ? r.PlannedDuration : r.Elapsed).TotalSeconds));
        var series = results.SelectMany(r => new[] { 50.0, 99.0 }.Select(p => (Result: r, Percentile: p, Points: Enumerable.Range(0, WholeSeconds(r))
            .Where(s => r.LatencyBySecond.TryGetValue(s, out var h) && PercentileSupport.Supports(p, h.TotalCount))
            .Select(s => (X: (double)s, Y: r.LatencyBySecond[s].GetValueAtPercentile(p) / 1000.0)).ToList()))).ToList();
        var maxX = Math.Max(1, results.Max(WholeSeconds) - 1);
        var maxY = HtmlReport.NiceCeiling(Math.Max(1, series.SelectMany(s => s.Points).Select(p => p.Y).DefaultIfEmpty(1).Max()) * 1.05);
        var svg = HtmlReport.Frame(width, height);
        double Px(double x) => left + x / maxX * (width - left - right);
        double Py(double y) => height - bottom - y / maxY * (height - bottom - top);
        for (var s = 0; s <= maxX; s += Math.Max(1, maxX / 10))
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Px(s):0.#}\" y=\"{height - bottom + 16}\" font-size=\"11\" text-anchor=\"middle\">{s}s</text>");
        }

        HtmlReport.AxisY(svg, maxY, "ms", Py, left, width - right);
        for (var i = 0; i < series.Count; i++)
        {
            var (result, percentile, points) = series[i];
            HtmlReport.Series(svg, points.Select(p => (Px(p.X), Py(p.Y))),
                string.Create(CultureInfo.InvariantCulture, $"p{percentile:0} {result.Scenario} — {result.Simulation}"), i, width - right + 10);
        }

        return svg.Append("</svg>").ToString();
    }
}
