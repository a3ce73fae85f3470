namespace EdgeGateway.Configuration;

/// <summary>
/// A per-route circuit breaker (Polly v8). Failures are transport errors, timeouts and 5xx from WeChat
/// Pay; never 4xx business errors or the gateway's own refusals. Defaults: 50 % over 10 s, at least 20
/// calls, open for 30 s; optionally also after <see cref="ConsecutiveFailures"/> failures in a row.
/// </summary>
public sealed class CircuitBreakerPolicy
{
    /// <summary>Share of failed calls that opens the breaker. Optional; default 0.5; allowed: greater than 0, at most 1.</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>The window the ratio is measured over. Optional; default 10 s; allowed: 0.5 s to 1 day.</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Calls needed in the window before the ratio counts. Optional; default 20; allowed: 2 or more.</summary>
    public int MinimumThroughput { get; set; } = 20;

    /// <summary>How long the breaker stays open before letting one probe through. Optional; default 30 s; allowed: 0.5 s to 1 day.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Failed calls in a row that also open the breaker, whatever the rate (the ratio needs
    /// <see cref="MinimumThroughput"/> calls in the window, which a failing WeChat Pay at a few requests a second never
    /// reaches). Open for <see cref="BreakDuration"/>, then one probe. Optional; default 0 (off); allowed: 0 to 1000.
    /// </summary>
    public int ConsecutiveFailures { get; set; }
}
