using Polly;
using Polly.CircuitBreaker;

namespace EdgeGateway.Resilience;

/// <summary>
/// The circuit breaker of one route, built from the policy values it was created with: Polly's ratio breaker and,
/// when the policy names <c>ConsecutiveFailures</c>, a <see cref="ConsecutiveFailureBreaker"/>. Either open means open.
/// </summary>
internal sealed class RouteBreaker(string routeId, BreakerSettings settings, ResiliencePipeline<UpstreamOutcome> pipeline, CircuitBreakerStateProvider state,
    ConsecutiveFailureBreaker? consecutive)
{
    public string RouteId { get; } = routeId;

    public BreakerSettings Settings { get; } = settings;

    public ResiliencePipeline<UpstreamOutcome> Pipeline { get; } = pipeline;

    /// <summary>Null when the policy does not open on consecutive failures.</summary>
    public ConsecutiveFailureBreaker? Consecutive { get; } = consecutive;

    public CircuitState State => (state.CircuitState, Consecutive?.State ?? CircuitState.Closed) switch
    {
        (CircuitState.Closed, var other) => other,
        (var ratio, _) => ratio,
    };
}
