namespace EdgeGateway.Configuration;

/// <summary>
/// How many retries a query retry policy may add to one cluster (Envoy's retry budget): over the last
/// <see cref="Window"/>, retries stay at most <see cref="RetryRatio"/> × requests + <see cref="MinRetriesPerSecond"/>
/// × the window's seconds. A retry the budget denies is not made and the last answer is returned as it is, so
/// while WeChat Pay fails, queries add a bounded share of calls instead of multiplying them.
/// </summary>
public sealed class RetryBudgetPolicy
{
    /// <summary>Retries allowed per request of the window. Optional; default 0.2; allowed: 0 to 1.</summary>
    public double RetryRatio { get; set; } = 0.2;

    /// <summary>
    /// Retries always allowed per second, averaged over the window, so a quiet route still gets retries. Optional;
    /// default 3 (as Envoy's min_retry_concurrency); allowed: 0 to 1000.
    /// </summary>
    public double MinRetriesPerSecond { get; set; } = 3;

    /// <summary>The sliding window requests and retries are counted over. Optional; default 10 s; allowed: 1 s to 5 min.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(10);
}
