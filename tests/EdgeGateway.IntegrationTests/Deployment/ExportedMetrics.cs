using System.Text.RegularExpressions;

namespace EdgeGateway.IntegrationTests.Deployment;

/// <summary>
/// The Prometheus names of every instrument the gateway creates, read from its source (gateway/, transforms/) and
/// translated as the OpenTelemetry Prometheus exporter does: dots become underscores, a unit in braces is dropped,
/// <c>s</c> appends <c>_seconds</c>, counters end in <c>_total</c>, histograms are <c>_bucket</c>, <c>_sum</c>, <c>_count</c>.
/// </summary>
internal static partial class ExportedMetrics
{
    private static readonly Lazy<IReadOnlySet<string>> Names = new(Collect);

    /// <summary>Every name a PromQL query may use for the gateway's own metrics.</summary>
    public static IReadOnlySet<string> PrometheusNames => Names.Value;

    /// <summary>One instrument as created in code: its kind, OpenTelemetry name and unit.</summary>
    public static IEnumerable<(string Kind, string Name, string Unit)> Instruments()
    {
        foreach (var folder in (string[])["gateway", "transforms"])
        {
            foreach (var file in Directory.GetFiles(Path.Combine(Manifests.RepositoryRoot, folder), "*.cs", SearchOption.AllDirectories))
            {
                foreach (Match match in Creation().Matches(File.ReadAllText(file)))
                {
                    yield return (match.Groups["kind"].Value, match.Groups["name"].Value, match.Groups["unit"].Value);
                }
            }
        }
    }

    public static IEnumerable<string> Translate(string kind, string name, string unit)
    {
        var baseName = name.Replace('.', '_');
        var suffix = unit switch
        {
            "s" => "_seconds",
            "ms" => "_milliseconds",
            "By" => "_bytes",
            _ when unit.StartsWith('{') || unit.Length == 0 => string.Empty,
            _ => "_" + unit,
        };
        if (!baseName.EndsWith(suffix, StringComparison.Ordinal))
        {
            baseName += suffix;
        }

        return kind switch
        {
            "Counter" or "ObservableCounter" => [baseName + "_total"],
            "Histogram" => [baseName + "_bucket", baseName + "_sum", baseName + "_count"],
            _ => [baseName],
        };
    }

    private static HashSet<string> Collect() =>
        [.. Instruments().SelectMany(i => Translate(i.Kind, i.Name, i.Unit))];

    // meter.CreateCounter<long>("name", "unit", …) and meter.CreateObservableGauge("name", callback, "unit", …).
    [GeneratedRegex(@"Create(?<kind>Counter|Histogram|UpDownCounter|Gauge|ObservableCounter|ObservableGauge|ObservableUpDownCounter)(?:<\w+>)?\(\s*""(?<name>edgegateway\.[a-z0-9_.]+)""\s*,\s*(?:[^""]*?,\s*)?""(?<unit>[^""]*)""")]
    private static partial Regex Creation();
}
