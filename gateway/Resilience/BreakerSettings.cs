using EdgeGateway.Configuration;

namespace EdgeGateway.Resilience;

/// <summary>
/// The values a route's breaker was built from. A route keeps its breaker (and its state) for as long as
/// these stay equal across configuration reloads; editing one route's policy never resets another's.
/// </summary>
internal readonly record struct BreakerSettings(string PolicyName, double FailureRatio, TimeSpan SamplingDuration, int MinimumThroughput, TimeSpan BreakDuration,
    int ConsecutiveFailures)
{
    public static BreakerSettings From(string name, CircuitBreakerPolicy policy) =>
        new(name, policy.FailureRatio, policy.SamplingDuration, policy.MinimumThroughput, policy.BreakDuration, policy.ConsecutiveFailures);
}
