using System.Diagnostics.Metrics;
using EdgeGateway.Telemetry;

namespace EdgeGateway.RateLimiting;

/// <summary>Per-route rate limit instruments.</summary>
internal sealed class RateLimitMetrics
{
    private readonly Counter<long> _rejections;

    public RateLimitMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(GatewayTelemetry.MeterName);
        _rejections = meter.CreateCounter<long>("edgegateway.ratelimit.rejections", "{request}",
            "Requests refused 429 RATE_LIMITED by a route's local limiter.");
    }

    /// <param name="reason"><c>token_bucket</c> or <c>concurrency</c>.</param>
    public void Rejected(string route, string reason) => _rejections.Add(1, new("route", route), new("reason", reason));
}
