using System.Diagnostics.Metrics;
using EdgeGateway.Telemetry;

namespace EdgeGateway.Quotas;

/// <summary>Quota instruments: rejections, decision latency, and the Redis fallback state.</summary>
internal sealed class QuotaMetrics
{
    private readonly Counter<long> _rejections;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _fallbacks;

    public QuotaMetrics(IMeterFactory meterFactory, QuotaHealth health)
    {
        var meter = meterFactory.Create(GatewayTelemetry.MeterName);
        _rejections = meter.CreateCounter<long>("edgegateway.quota.rejections", "{request}",
            "Requests refused by a quota: 429 QUOTA_EXCEEDED, or 503 DEPENDENCY_UNAVAILABLE when Redis is away and the quota fails closed.");
        _duration = meter.CreateHistogram<double>("edgegateway.quota.decision.duration", "s",
            "Time the quota check added to a request.", advice: new InstrumentAdvice<double>
            {
                HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
            });
        _fallbacks = meter.CreateCounter<long>("edgegateway.quota.redis.fallbacks", "{decision}",
            "Quota decisions Redis could not make: decided locally (fail_open) or refused (fail_closed).");
        meter.CreateObservableGauge("edgegateway.quota.redis.degraded", () => health.IsDegraded ? 1 : 0, "{state}",
            "1 while quota decisions cannot reach Redis (circuit open or recent failures), else 0.");
    }

    /// <param name="reason"><c>quota_exceeded</c> or <c>redis_unavailable</c>.</param>
    public void Rejected(string route, string quota, string reason) =>
        _rejections.Add(1, new("route", route), new("quota", quota), new("reason", reason));

    /// <param name="store"><c>redis</c>, <c>memory</c> or <c>local_fallback</c>.</param>
    public void Decided(string route, string store, TimeSpan elapsed) =>
        _duration.Record(elapsed.TotalSeconds, new("route", route), new("store", store));

    /// <param name="mode"><c>fail_open</c> or <c>fail_closed</c>.</param>
    /// <param name="reason"><c>circuit_open</c>, <c>timeout</c> or <c>error</c>.</param>
    public void Fallback(string route, string quota, string mode, string reason) =>
        _fallbacks.Add(1, new("route", route), new("quota", quota), new("mode", mode), new("reason", reason));
}
