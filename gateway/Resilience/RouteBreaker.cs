using Polly;
using Polly.CircuitBreaker;

namespace EdgeGateway.Resilience;

/// <summary>The circuit breaker of one route, built from the policy values it was created with.</summary>
internal sealed class RouteBreaker(string routeId, BreakerSettings settings, ResiliencePipeline<UpstreamOutcome> pipeline, CircuitBreakerStateProvider state)
{
    public string RouteId { get; } = routeId;

    public BreakerSettings Settings { get; } = settings;

    public ResiliencePipeline<UpstreamOutcome> Pipeline { get; } = pipeline;

    public CircuitState State => state.CircuitState;
}
