using System.Globalization;
using System.Text;
using EdgeGateway.LoadTests.Runner;

namespace EdgeGateway.LoadTests.Reports;

/// <summary>The NBomber-like summary table: requests, rates, statuses, percentiles, errors.</summary>
public static class MarkdownReport
{
    public static readonly double[] Percentiles = [50, 75, 95, 99, 99.9];

    public static string Render(string title, IEnumerable<ScenarioResult> results, string? notes = null, RunVerdict? verdict = null, RunContext? context = null)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# {title}").AppendLine();
        if (verdict is not null)
        {
            text.AppendLine(verdict.Describe()).AppendLine();
        }

        if (context is not null)
        {
            text.AppendLine(context.Describe()).AppendLine();
        }

        if (notes is not null)
        {
            text.AppendLine(notes).AppendLine();
        }

        text.AppendLine("| scenario | load | requests | target/s | achieved/s | p50 ms | p75 ms | p95 ms | p99 ms | p99.9 ms | max ms | errors | statuses |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in results)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {r.Scenario} | {r.Simulation} | {r.Completed} | {(double.IsNaN(r.TargetRate) ? "-" : r.TargetRate.ToString("0.#", CultureInfo.InvariantCulture))} | {r.AchievedRate:0.#} |");
            foreach (var p in Percentiles)
            {
                text.Append(CultureInfo.InvariantCulture, $" {(PercentileSupport.Supports(p, r.Latency.TotalCount) ? r.Percentile(p).ToString("0.00", CultureInfo.InvariantCulture) : "n/a")} |");
            }

            text.Append(CultureInfo.InvariantCulture, $" {r.MaxMs:0.00} | {r.ErrorRate:P2} | {Statuses(r)} |").AppendLine();
        }

        if (results.Any(r => Percentiles.Any(p => !PercentileSupport.Supports(p, r.Latency.TotalCount))))
        {
            text.AppendLine().AppendLine("n/a: fewer samples than the percentile needs (p99 needs 100, p99.9 needs 1,000, p99.99 needs 10,000).");
        }

        var errors = results.SelectMany(r => r.Errors.Select(e => $"{r.Scenario}: {e.Key} × {e.Value}")).ToList();
        if (errors.Count > 0)
        {
            text.AppendLine().AppendLine("Transport errors: " + string.Join("; ", errors));
        }

        return text.ToString();
    }

    public static string Statuses(ScenarioResult result) =>
        string.Join(", ", result.StatusCounts.OrderBy(s => s.Key).Select(s => $"{(s.Key == 0 ? "no answer" : s.Key.ToString(CultureInfo.InvariantCulture))}: {s.Value}"));
}
