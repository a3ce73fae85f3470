using System.Diagnostics.Metrics;
using EdgeGateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeGateway.IntegrationTests.Health;

/// <summary>Reads one host's <c>edgegateway.health.status</c> gauge (2 Healthy, 1 Degraded, 0 Unhealthy) by check.</summary>
internal sealed class HealthGauge : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, int> _values = new(StringComparer.Ordinal);

    public HealthGauge(GatewayTestHost host)
    {
        var factory = host.App.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == "edgegateway.health.status" && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "check")
                {
                    _values[(string)tag.Value!] = value;
                }
            }
        });
        _listener.Start();
    }

    /// <summary>The check's status as of the last /health/ready probe, or null if none reported it.</summary>
    public int? Status(string check)
    {
        _values.Clear();
        _listener.RecordObservableInstruments();
        return _values.TryGetValue(check, out var value) ? value : null;
    }

    public void Dispose() => _listener.Dispose();
}
