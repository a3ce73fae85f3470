using System.Diagnostics;

namespace EdgeGateway.Telemetry;

/// <summary>
/// Names of the gateway's own telemetry: one <see cref="ActivitySource"/> for the spans of its policy
/// steps, and one meter (created per feature through <c>IMeterFactory.Create(MeterName)</c>, which hands
/// back the same meter to everyone) for its instruments.
/// </summary>
public static class GatewayTelemetry
{
    public const string ActivitySourceName = "EdgeGateway";
    public const string MeterName = "EdgeGateway";

    public static readonly ActivitySource ActivitySource = new(ActivitySourceName, typeof(GatewayTelemetry).Assembly.GetName().Version?.ToString());
}
