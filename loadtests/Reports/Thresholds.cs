using EdgeGateway.LoadTests.Runner;

namespace EdgeGateway.LoadTests.Reports;

/// <summary>Pass/fail limits for a run; any breach makes the runner exit non-zero.</summary>
public sealed record Thresholds(double? P99MaxMs, double? MaxErrorRate, double? MinAchievedShare)
{
    public IReadOnlyList<string> Check(ScenarioResult result)
    {
        var breaches = new List<string>();
        if (P99MaxMs is { } p99 && result.Percentile(99) > p99)
        {
            breaches.Add($"{result.Scenario}: p99 {result.Percentile(99):0.00} ms > {p99:0.00} ms");
        }

        if (MaxErrorRate is { } errors && result.ErrorRate > errors)
        {
            breaches.Add($"{result.Scenario}: error rate {result.ErrorRate:P2} > {errors:P2}");
        }

        if (MinAchievedShare is { } share && !double.IsNaN(result.TargetRate) && result.AchievedRate < result.TargetRate * share)
        {
            breaches.Add($"{result.Scenario}: achieved {result.AchievedRate:0.#}/s < {share:P0} of the target {result.TargetRate:0.#}/s");
        }

        return breaches;
    }

    /// <summary>The limits set, in words ("p99 ≤ 20 ms"); empty when none was.</summary>
    public IReadOnlyList<string> Describe()
    {
        var limits = new List<string>();
        if (P99MaxMs is { } p99)
        {
            limits.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"p99 ≤ {p99:0.##} ms"));
        }

        if (MaxErrorRate is { } errors)
        {
            limits.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"error rate ≤ {errors:P2}"));
        }

        if (MinAchievedShare is { } share)
        {
            limits.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"achieved ≥ {share:P0} of the target rate"));
        }

        return limits;
    }
}
