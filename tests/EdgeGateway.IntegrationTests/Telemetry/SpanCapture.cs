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

    /// <summary>Waits (generously: the machine may be loaded) until the trace holds a span named each of <paramref name="names"/>.</summary>
    public Task<IReadOnlyList<Activity>> WaitForAsync(ActivityTraceId traceId, params string[] names) =>
        WaitForAsync(traceId, spans => names.All(n => spans.Any(s => s.OperationName == n || s.DisplayName == n)));

    /// <summary>
    /// Waits until the trace holds the server span of the gateway (the child of <paramref name="callerSpanId"/>,
    /// the last of the gateway's spans to end) and spans named each of <paramref name="names"/>.
    /// </summary>
    public Task<IReadOnlyList<Activity>> WaitForGatewayAsync(ActivityTraceId traceId, ActivitySpanId callerSpanId, params string[] names) =>
        WaitForAsync(traceId, spans => spans.Any(s => s.Kind == ActivityKind.Server && s.ParentSpanId == callerSpanId)
                                       && names.All(n => spans.Any(s => s.OperationName == n || s.DisplayName == n)));

    private async Task<IReadOnlyList<Activity>> WaitForAsync(ActivityTraceId traceId, Func<IReadOnlyList<Activity>, bool> ready)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var spans = InTrace(traceId);
            if (ready(spans) || DateTime.UtcNow > deadline)
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
