using System.Diagnostics.Metrics;
using EdgeGateway.Telemetry;

namespace EdgeGateway.Configuration;

/// <summary>The instruments of configuration reloads (meter <see cref="GatewayTelemetry.MeterName"/>): what to alert on when an edit is refused.</summary>
internal sealed class ConfigMetrics
{
    private readonly Counter<long> _reloads;

    public ConfigMetrics(IMeterFactory meterFactory, Func<bool> filesApplied)
    {
        var meter = meterFactory.Create(GatewayTelemetry.MeterName);
        _reloads = meter.CreateCounter<long>("edgegateway.config.reloads", "{reload}",
            "Checks of an edited config/, by result: applied, rejected (nothing changed), unchanged (same values).");
        meter.CreateObservableGauge("edgegateway.config.files_applied", () => filesApplied() ? 1 : 0, "{state}",
            "1 while the files of config/ are what serves; 0 after an edit was rejected and the last good configuration serves.");
    }

    public void Reload(string result) => _reloads.Add(1, new KeyValuePair<string, object?>("result", result));
}
