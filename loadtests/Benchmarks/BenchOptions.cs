using EdgeGateway.LoadTests.Reports;

namespace EdgeGateway.LoadTests.Benchmarks;

/// <summary>Settings of the proxy-overhead benchmark (command-line options of <c>bench</c>).</summary>
public sealed record BenchOptions
{
    public IReadOnlyList<int> Rates { get; init; } = [100, 300, 500];

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);

    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(5);

    public int MaxRateStart { get; init; } = 200;

    public int MaxRateStep { get; init; } = 100;

    public int MaxRateLimit { get; init; } = 3000;

    public TimeSpan MaxRateStepDuration { get; init; } = TimeSpan.FromSeconds(10);

    public double MaxRateP99Ms { get; init; } = 50;

    public string ReportDirectory { get; init; } = ReportWriter.DefaultDirectory;

    /// <summary>The API key the runner sends to the gateway (null when the gateway takes none).</summary>
    public string? ApiKey { get; init; }

    /// <summary>Extra gateway configuration for the run (command-line keys).</summary>
    public IDictionary<string, string> GatewaySettings { get; init; } = new Dictionary<string, string>();
}
