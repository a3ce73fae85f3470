using System.Diagnostics;
using System.Diagnostics.Metrics;
using EdgeGateway.Telemetry;

namespace EdgeGateway.Idempotency;

/// <summary>The duplicate-payment guard's instrument (meter <see cref="GatewayTelemetry.MeterName"/>).</summary>
internal sealed class DuplicateGuardMetrics(IMeterFactory meterFactory)
{
    private readonly Counter<long> _outcomes = meterFactory.Create(GatewayTelemetry.MeterName).CreateCounter<long>(
        "edgegateway.duplicate_guard.outcomes", "{request}",
        "Money-moving requests seen by the duplicate-payment guard, by route and outcome (locked, conflict, replayed, mismatch, unavailable, bypassed, unkeyable).");

    public void Outcome(string route, string outcome) => _outcomes.Add(1, new TagList { { "route", route }, { "outcome", outcome } });
}
