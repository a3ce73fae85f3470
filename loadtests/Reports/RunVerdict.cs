using System.Globalization;

namespace EdgeGateway.LoadTests.Reports;

/// <summary>A run's pass/fail against its thresholds, as its report states it.</summary>
public sealed record RunVerdict(Thresholds Thresholds, IReadOnlyList<string> Breaches)
{
    public bool Passed => Breaches.Count == 0;

    public string Describe()
    {
        var limits = Thresholds.Describe();
        if (limits.Count == 0 && Passed)
        {
            return "**Result: no thresholds were set**, so this run neither passes nor fails (`--p99-max-ms`, `--max-error-rate`, `--min-achieved`).";
        }

        var against = limits.Count == 0 ? "its checks" : string.Join(", ", limits);
        return Passed
            ? $"**Result: PASS** against {against}."
            : string.Create(CultureInfo.InvariantCulture, $"**Result: FAIL** against {against}; breached: {string.Join("; ", Breaches)}.");
    }
}
