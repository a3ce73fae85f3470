using System.Globalization;
using System.Text;
using EdgeGateway.LoadTests.Runner;

namespace EdgeGateway.LoadTests.Reports;

/// <summary>The NBomber-like summary table: requests, rates, statuses, percentiles, errors.</summary>
public static class MarkdownReport
{
    public static readonly double[] Percentiles = [50, 75, 95, 99, 99.9];

    public static string Render(string title, IEnumerable<ScenarioResult> results, string? notes = null)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# {title}").AppendLine();
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
                text.Append(CultureInfo.InvariantCulture, $" {r.Percentile(p):0.00} |");
            }

            text.Append(CultureInfo.InvariantCulture, $" {r.MaxMs:0.00} | {r.ErrorRate:P2} | {Statuses(r)} |").AppendLine();
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
