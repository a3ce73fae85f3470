namespace EdgeGateway.Resilience;

/// <summary>
/// Retries for queries (GET) only: transport errors, 5xx and 429, exponential backoff with jitter,
/// honouring Retry-After, each attempt freshly signed, all inside the route timeout. Money-moving
/// POSTs are never retried by this policy (only a connect failure goes once to the backup).
/// </summary>
public sealed class RetryPolicy
{
    /// <summary>Retries after the first attempt. Default 2.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>First backoff delay. Default 200 ms.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest single delay (also caps Retry-After). Default 2 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(2);
}
