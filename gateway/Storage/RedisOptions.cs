namespace EdgeGateway.Storage;

/// <summary>
/// <c>EdgeGateway:Redis</c>: where shared state lives (quotas, duplicate-payment locks, certificates,
/// callbacks). Without <see cref="Configuration"/> the gateway keeps that state in memory: fine for one
/// instance (the sandbox), wrong for several, and it says so at start.
/// </summary>
public sealed class RedisOptions
{
    public const string SectionName = "EdgeGateway:Redis";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>redis:6379,password=…,ssl=true</c>. Empty: in-memory.</summary>
    public string? Configuration { get; set; }

    /// <summary>Prefix of every key the gateway writes, so several deployments can share one Redis. Default <c>edgegw:</c>.</summary>
    public string KeyPrefix { get; set; } = "edgegw:";

    /// <summary>
    /// The longest a request ever waits on Redis, in milliseconds (default 250). Commands fail fast while the
    /// connection is down instead of queueing, so an outage costs at most this per request.
    /// </summary>
    public int OperationTimeoutMs { get; set; } = 250;

    /// <summary>Connect timeout in milliseconds (default 1000); reconnection continues in the background.</summary>
    public int ConnectTimeoutMs { get; set; } = 1000;
}
