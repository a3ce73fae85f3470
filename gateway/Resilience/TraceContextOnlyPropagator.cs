using System.Diagnostics;

namespace EdgeGateway.Resilience;

/// <summary>
/// What the forwarder's HttpClient writes into a request to WeChat Pay for tracing: only W3C trace context
/// (traceparent, tracestate), so one trace still spans the hops. Baggage is left out: the server span takes it from
/// the caller's <c>baggage</c> header, so it would carry whatever an internal service put there (tenant ids, user
/// ids) out of the company, past the request header allow-list of the signing transform.
/// </summary>
internal sealed class TraceContextOnlyPropagator(DistributedContextPropagator inner) : DistributedContextPropagator
{
    private static readonly string[] TraceContextFields = ["traceparent", "tracestate"];

    public override IReadOnlyCollection<string> Fields => TraceContextFields;

    public override void Inject(Activity? activity, object? carrier, PropagatorSetterCallback? setter)
    {
        if (setter is null)
        {
            return;
        }

        // The inner propagator (YARP's) first removes trace headers already on the request, then writes its own.
        inner.Inject(activity, carrier, (target, name, value) =>
        {
            if (TraceContextFields.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                setter(target, name, value);
            }
        });
    }

    public override void ExtractTraceIdAndState(object? carrier, PropagatorGetterCallback? getter, out string? traceId, out string? traceState) =>
        inner.ExtractTraceIdAndState(carrier, getter, out traceId, out traceState);

    public override IEnumerable<KeyValuePair<string, string?>>? ExtractBaggage(object? carrier, PropagatorGetterCallback? getter) =>
        inner.ExtractBaggage(carrier, getter);
}
