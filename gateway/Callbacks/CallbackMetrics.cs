using System.Diagnostics.Metrics;
using EdgeGateway.Telemetry;

namespace EdgeGateway.Callbacks;

/// <summary>
/// The callback instruments: <c>edgegateway.callbacks.accepted</c>, <c>.duplicates</c>, <c>.rejected</c> (by
/// reason), <c>.delivered</c>, <c>.retried</c>, <c>.dead_lettered</c>, <c>.replayed</c> and the histogram
/// <c>.delivery_lag</c> (seconds from acceptance to successful delivery), and <c>.side_step_failures</c> (by
/// <c>step</c>: work around a verified callback, such as the status-cache invalidation, that failed without
/// changing its answer). The <c>name</c> tag is a
/// configured route name, never an arbitrary path segment.
/// </summary>
internal sealed class CallbackMetrics
{
    /// <summary>Tag value for callbacks to a name no route has (the path is the sender's choice).</summary>
    public const string UnknownName = "(unknown)";

    private readonly Counter<long> _accepted;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _replayed;
    private readonly Counter<long> _sideStepFailures;
    private readonly Histogram<double> _lag;

    public CallbackMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(GatewayTelemetry.MeterName);
        _accepted = meter.CreateCounter<long>("edgegateway.callbacks.accepted", "{callback}", "Callbacks verified, decrypted and stored");
        _duplicates = meter.CreateCounter<long>("edgegateway.callbacks.duplicates", "{callback}", "Re-sent callbacks acknowledged without a second delivery");
        _rejected = meter.CreateCounter<long>("edgegateway.callbacks.rejected", "{callback}", "Callbacks answered with an error, by reason");
        _delivered = meter.CreateCounter<long>("edgegateway.callbacks.delivered", "{callback}", "Events delivered to their internal target");
        _retried = meter.CreateCounter<long>("edgegateway.callbacks.retried", "{callback}", "Failed delivery attempts scheduled for a retry");
        _deadLettered = meter.CreateCounter<long>("edgegateway.callbacks.dead_lettered", "{callback}", "Events moved to the dead-letter stream");
        _replayed = meter.CreateCounter<long>("edgegateway.callbacks.replayed", "{callback}", "Dead letters queued again by an operator");
        _sideStepFailures = meter.CreateCounter<long>("edgegateway.callbacks.side_step_failures", "{failure}",
            "Steps around a verified callback that failed without changing its answer, by step");
        _lag = meter.CreateHistogram<double>("edgegateway.callbacks.delivery_lag", "s", "Time from acceptance to successful delivery",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 14400] });
    }

    public void Accepted(string name, string eventType) => _accepted.Add(1, new("name", name), new("event_type", eventType));

    public void Duplicate(string name) => _duplicates.Add(1, new KeyValuePair<string, object?>("name", name));

    public void Rejected(string name, string reason) => _rejected.Add(1, new("name", name), new("reason", reason));

    public void Delivered(string name, TimeSpan lag)
    {
        _delivered.Add(1, new KeyValuePair<string, object?>("name", name));
        _lag.Record(Math.Max(0, lag.TotalSeconds), new KeyValuePair<string, object?>("name", name));
    }

    public void Retried(string name) => _retried.Add(1, new KeyValuePair<string, object?>("name", name));

    public void DeadLettered(string name) => _deadLettered.Add(1, new KeyValuePair<string, object?>("name", name));

    public void Replayed(int count) => _replayed.Add(count);

    /// <param name="step">A fixed step name (<see cref="CallbackSideSteps"/>), never text from the request.</param>
    public void SideStepFailed(string name, string step) => _sideStepFailures.Add(1, new("name", name), new("step", step));
}
