namespace EdgeGateway.Quotas;

/// <summary><c>EdgeGateway:Quotas</c>: how the quota check talks to Redis. Every setting is optional.</summary>
public sealed class QuotaOptions
{
    public const string SectionName = "EdgeGateway:Quotas";

    /// <summary>Most decisions sent to Redis in one script call. Default 256; 1 turns batching off.</summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>Script calls in flight at once; further decisions wait and join the next batch. Default 4.</summary>
    public int MaxConcurrentBatches { get; set; } = 4;

    /// <summary>Share of failed Redis decisions within <see cref="CircuitSamplingDuration"/> that opens the circuit. Default 0.5.</summary>
    public double CircuitFailureRatio { get; set; } = 0.5;

    /// <summary>Decisions needed in the sampling window before the circuit may open. Default 5 (at least 2).</summary>
    public int CircuitMinimumThroughput { get; set; } = 5;

    /// <summary>Window over which failures are counted. Default 10 s (at least 0.5 s).</summary>
    public TimeSpan CircuitSamplingDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long Redis is left alone once the circuit opened, before one probe decision tries it again. Default 5 s (at least 0.5 s).</summary>
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(5);
}
