using Polly.CircuitBreaker;

namespace EdgeGateway.Quotas;

/// <summary>Whether quota decisions reach Redis right now: the circuit's state and the last failure.</summary>
internal sealed class QuotaHealth
{
    private volatile bool _failing;

    public CircuitBreakerStateProvider Circuit { get; } = new();

    /// <summary>True while the circuit is not closed, or the last Redis decision failed.</summary>
    public bool IsDegraded => _failing || Circuit.CircuitState != CircuitState.Closed;

    internal void Succeeded() => _failing = false;

    internal void Failed() => _failing = true;
}
