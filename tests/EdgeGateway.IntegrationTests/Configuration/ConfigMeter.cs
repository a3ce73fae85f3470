using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using EdgeGateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeGateway.IntegrationTests.Configuration;

/// <summary>
/// Listens to one host's configuration instruments: reloads by result, and the files-applied gauge; or, with another
/// instrument prefix, to another feature's reload counter (e.g. <c>edgegateway.callers.reloads</c>).
/// </summary>
internal sealed class ConfigMeter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _reloads = new(StringComparer.Ordinal);
    private int? _filesApplied;

    public ConfigMeter(GatewayTestHost host, string prefix = "edgegateway.config.")
    {
        var factory = host.App.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name.StartsWith(prefix, StringComparison.Ordinal) && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "result")
                {
                    _reloads.AddOrUpdate((string)tag.Value!, value, (_, sum) => sum + value);
                }
            }
        });
        _listener.SetMeasurementEventCallback<int>((_, value, _, _) => _filesApplied = value);
        _listener.Start();
    }

    public long Reloads(string result) => _reloads.GetValueOrDefault(result);

    public int? FilesApplied()
    {
        _listener.RecordObservableInstruments();
        return _filesApplied;
    }

    public void Dispose() => _listener.Dispose();
}
