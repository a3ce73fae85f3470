using System.Diagnostics.Metrics;
using EdgeGateway.Telemetry;

namespace EdgeGateway.Callers;

/// <summary>Caller authentication instruments: refusals by route and reason.</summary>
internal sealed class CallerMetrics
{
    private readonly Counter<long> _rejections;
    private readonly Counter<long> _reloads;

    public CallerMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(GatewayTelemetry.MeterName);
        _rejections = meter.CreateCounter<long>("edgegateway.callers.rejections", "{request}",
            "Requests refused because the caller is unknown (401) or not allowed the route or merchant (403).");
        _reloads = meter.CreateCounter<long>("edgegateway.callers.reloads", "{reload}",
            "Edits of the callers, by result: applied (the new callers authenticate), rejected (the last good callers stay).");
    }

    /// <param name="reason"><c>missing_key</c>, <c>unknown_key</c>, <c>certificate</c>, <c>route</c> or <c>merchant</c>.</param>
    public void Rejected(string route, string reason, string? caller) =>
        _rejections.Add(1, new("route", route), new("reason", reason), new("caller", caller ?? "unknown"));

    /// <param name="result"><c>applied</c> or <c>rejected</c>.</param>
    public void Reloaded(string result) => _reloads.Add(1, new KeyValuePair<string, object?>("result", result));
}
