using System.Diagnostics.Metrics;
using EdgeGateway.Telemetry;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EdgeGateway.Health;

/// <summary>
/// The readiness checks as a gauge, <c>edgegateway.health.status</c> by <c>check</c> (and <c>ready</c> for the whole
/// report): 2 Healthy, 1 Degraded, 0 Unhealthy — the values of <see cref="HealthStatus"/>, as of the last
/// <c>/health/ready</c> probe (Kubernetes probes every 10 s). Not run in the background: a background run would log every
/// Degraded check as a warning every few seconds, and the probe already runs them. Where shared state lives right now is
/// also, probe or not, <c>edgegateway.storage.state</c>.
/// </summary>
internal sealed class HealthMetrics
{
    public const string Overall = "ready";

    private volatile HealthReport? _last;

    public HealthMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(GatewayTelemetry.MeterName);
        meter.CreateObservableGauge("edgegateway.health.status", Observe, "{status}",
            "Readiness by check (check=ready for the whole): 2 Healthy, 1 Degraded, 0 Unhealthy.");
    }

    public void Record(HealthReport report) => _last = report;

    private IEnumerable<Measurement<int>> Observe()
    {
        if (_last is not { } report)
        {
            yield break;
        }

        yield return new((int)report.Status, new KeyValuePair<string, object?>("check", Overall));
        foreach (var (name, entry) in report.Entries)
        {
            yield return new((int)entry.Status, new KeyValuePair<string, object?>("check", name));
        }
    }
}
