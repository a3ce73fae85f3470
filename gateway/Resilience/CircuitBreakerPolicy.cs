namespace EdgeGateway.Resilience;

/// <summary>
/// A per-route circuit breaker (Polly v8). Failures are transport errors, timeouts and 5xx from WeChat
/// Pay; never 4xx business errors or the gateway's own refusals. Defaults: 50 % over 10 s, at least 20
/// calls, open for 30 s.
/// </summary>
public sealed class CircuitBreakerPolicy
{
    /// <summary>Share of failed calls that opens the breaker, in (0, 1]. Default 0.5.</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>The window the ratio is measured over. Default 10 s.</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Calls needed in the window before the ratio counts. Default 20.</summary>
    public int MinimumThroughput { get; set; } = 20;

    /// <summary>How long the breaker stays open before letting a probe through. Default 30 s.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}
