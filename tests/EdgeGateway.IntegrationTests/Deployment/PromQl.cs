using System.Text.RegularExpressions;

namespace EdgeGateway.IntegrationTests.Deployment;

/// <summary>Just enough PromQL reading to find the metric names a query uses (functions, labels and groupings left out).</summary>
internal static partial class PromQl
{
    private static readonly HashSet<string> NotMetrics = new(StringComparer.Ordinal)
    {
        "sum", "min", "max", "avg", "count", "rate", "irate", "increase", "delta", "histogram_quantile", "by", "without",
        "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset", "clamp_min", "clamp_max",
        "abs", "time", "vector", "topk", "bottomk", "max_over_time", "min_over_time", "avg_over_time", "changes", "absent",
    };

    public static IReadOnlyList<string> MetricNames(string expression)
    {
        var bare = Strings().Replace(expression, " ");
        bare = Matchers().Replace(bare, " ");
        bare = Groupings().Replace(bare, " ");
        bare = Ranges().Replace(bare, " ");
        bare = Variables().Replace(bare, " ");
        return [.. Identifiers().Matches(bare).Select(m => m.Value).Where(v => !NotMetrics.Contains(v)).Distinct()];
    }

    [GeneratedRegex("\"[^\"]*\"")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Groupings();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"\$\w+")]
    private static partial Regex Variables();

    [GeneratedRegex(@"(?<![\w.])[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifiers();
}
