using System.Collections;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using OpenTelemetry.Trace;

namespace EdgeGateway.IntegrationTests.Telemetry;

/// <summary>
/// The spans a gateway exported, through OpenTelemetry's in-memory exporter. Listeners are process-wide,
/// so other tests' spans arrive too: always select by trace id.
/// </summary>
public sealed class SpanCapture : ICollection<Activity>
{
    private readonly List<Activity> _spans = [];

    public int Count
    {
        get
        {
            lock (_spans)
            {
                return _spans.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    /// <summary>Adds the in-memory exporter to the gateway being built.</summary>
    public void AttachTo(WebApplicationBuilder builder) =>
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(this));

    public IReadOnlyList<Activity> InTrace(ActivityTraceId traceId)
    {
        lock (_spans)
        {
            return [.. _spans.Where(s => s.TraceId == traceId)];
        }
    }

    /// <summary>Waits (generously: the machine may be loaded) until the trace holds a span named <paramref name="name"/>.</summary>
    public async Task<IReadOnlyList<Activity>> WaitForAsync(ActivityTraceId traceId, params string[] names)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var spans = InTrace(traceId);
            if (names.All(n => spans.Any(s => s.OperationName == n || s.DisplayName == n)) || DateTime.UtcNow > deadline)
            {
                return spans;
            }

            await Task.Delay(50);
        }
    }

    public void Add(Activity item)
    {
        lock (_spans)
        {
            _spans.Add(item);
        }
    }

    public void Clear()
    {
        lock (_spans)
        {
            _spans.Clear();
        }
    }

    public bool Contains(Activity item)
    {
        lock (_spans)
        {
            return _spans.Contains(item);
        }
    }

    public void CopyTo(Activity[] array, int arrayIndex)
    {
        lock (_spans)
        {
            _spans.CopyTo(array, arrayIndex);
        }
    }

    public bool Remove(Activity item)
    {
        lock (_spans)
        {
            return _spans.Remove(item);
        }
    }

    public IEnumerator<Activity> GetEnumerator()
    {
        lock (_spans)
        {
            return _spans.ToList().GetEnumerator();
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
