namespace EdgeGateway.Configuration;

/// <summary>
/// Retries for queries (GET) only: transport errors, 5xx and 429, exponential backoff with jitter,
/// honouring Retry-After, each attempt freshly signed, all inside the route timeout. Money-moving
/// POSTs are never retried by this policy (only a connect failure goes once to the backup).
/// </summary>
public sealed class RetryPolicy
{
    /// <summary>Retries after the first attempt. Optional; default 2; allowed: 0 (none) to 10.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>First backoff delay; later ones grow exponentially, with jitter. Optional; default 200 ms; allowed: 0 to <see cref="MaxDelay"/>.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Longest single delay. An answer whose Retry-After asks for longer is returned, not retried. Optional;
    /// default 2 s; allowed: more than 0, at most 1 min.
    /// </summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The retry budget, kept per cluster for the routes naming this policy. Optional; defaults as in
    /// <see cref="RetryBudgetPolicy"/> (20 % of requests, at least 3 retries/s, over 10 s).
    /// </summary>
    public RetryBudgetPolicy Budget { get; set; } = new();
}
