using System.Diagnostics;

namespace EdgeGateway.Telemetry;

/// <summary>
/// Carries a trace across a queue: work accepted in one request and done later by a worker (a callback
/// stored in a Redis stream, then delivered) keeps the trace id of the request that accepted it. Store
/// <see cref="Capture"/>'s two strings with the work item; start the worker's span with
/// <see cref="StartActivity"/>. HttpClient then writes that trace into the outgoing <c>traceparent</c>
/// itself: no header is set by hand.
/// </summary>
public static class StoredTraceContext
{
    /// <summary>The current W3C <c>traceparent</c> and <c>tracestate</c>, or nulls outside any trace.</summary>
    public static (string? TraceParent, string? TraceState) Capture()
    {
        var activity = Activity.Current;
        return activity is { IdFormat: ActivityIdFormat.W3C } ? (activity.Id, activity.TraceStateString) : (null, null);
    }

    /// <summary>
    /// Starts a span of <see cref="GatewayTelemetry.ActivitySource"/> continuing the stored trace (a new trace
    /// when <paramref name="traceParent"/> is missing or malformed). Null when nobody listens.
    /// </summary>
    public static Activity? StartActivity(string name, ActivityKind kind, string? traceParent, string? traceState = null)
    {
        return ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var parent)
            ? GatewayTelemetry.ActivitySource.StartActivity(name, kind, parent)
            : GatewayTelemetry.ActivitySource.StartActivity(name, kind);
    }
}
