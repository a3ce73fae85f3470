using System.Diagnostics;
using System.Diagnostics.Metrics;
using EdgeGateway.Telemetry;

namespace EdgeGateway.Resilience;

/// <summary>The instruments of circuit breaking, retries and failover (meter <see cref="GatewayTelemetry.MeterName"/>).</summary>
internal sealed class ResilienceMetrics
{
    private readonly Counter<long> _transitions;
    private readonly Counter<long> _rejections;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _failovers;
    private readonly Counter<long> _retriesDenied;

    public ResilienceMetrics(IMeterFactory meterFactory)
    {
        Meter = meterFactory.Create(GatewayTelemetry.MeterName);
        _transitions = Meter.CreateCounter<long>("edgegateway.circuit_breaker.transitions", "{transition}",
            "Circuit breaker state changes, by route and the state entered (open, half_open, closed).");
        _rejections = Meter.CreateCounter<long>("edgegateway.circuit_breaker.rejections", "{request}",
            "Requests answered 503 CIRCUIT_OPEN without calling WeChat Pay, by route.");
        _retries = Meter.CreateCounter<long>("edgegateway.retry.attempts", "{attempt}",
            "Query attempts repeated after a failed one, by route and reason (server_error, too_many_requests, transport_error).");
        _retriesDenied = Meter.CreateCounter<long>("edgegateway.retry.denied", "{retry}",
            "Query retries not made because the cluster's retry budget was spent, by route, cluster and reason; the failed answer was returned.");
        _failovers = Meter.CreateCounter<long>("edgegateway.failover.requests", "{request}",
            "Requests re-sent to another destination because the chosen one could not be connected to, by cluster, from and to destination.");
    }

    /// <summary>The shared gateway meter, for the breaker state gauge that <see cref="RouteCircuitBreakers"/> observes.</summary>
    public Meter Meter { get; }

    public void Transition(string route, string state) =>
        _transitions.Add(1, new TagList { { "route", route }, { "state", state } });

    public void Rejected(string route) => _rejections.Add(1, new KeyValuePair<string, object?>("route", route));

    public void Retry(string route, string reason) =>
        _retries.Add(1, new TagList { { "route", route }, { "reason", reason } });

    public void RetryDenied(string route, string cluster, string reason) =>
        _retriesDenied.Add(1, new TagList { { "route", route }, { "cluster", cluster }, { "reason", reason } });

    public void Failover(string cluster, string from, string to) =>
        _failovers.Add(1, new TagList { { "cluster", cluster }, { "from", from }, { "to", to }, { "reason", "connect_failure" } });
}
