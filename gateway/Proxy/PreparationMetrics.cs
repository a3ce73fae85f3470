using System.Diagnostics;
using System.Diagnostics.Metrics;
using EdgeGateway.Telemetry;

namespace EdgeGateway.Proxy;

/// <summary>Request preparation's instrument (meter <see cref="GatewayTelemetry.MeterName"/>).</summary>
internal sealed class PreparationMetrics(IMeterFactory meterFactory)
{
    private readonly Counter<long> _refusals = meterFactory.Create(GatewayTelemetry.MeterName).CreateCounter<long>(
        "edgegateway.requests.refused", "{request}",
        "Requests refused before anything was counted, locked or signed, by route and reason (content_type, multipart, not_json, "
        + "duplicate_member, lone_surrogate, invalid_utf8, byte_order_mark, number_out_of_range, and for identifiers missing, "
        + "not_a_string, malformed, repeated, conflicting, partner_field).");

    public void Refused(string route, string reason) => _refusals.Add(1, new TagList { { "route", route }, { "reason", reason } });
}
