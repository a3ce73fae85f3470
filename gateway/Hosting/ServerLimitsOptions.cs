namespace EdgeGateway.Hosting;

/// <summary>
/// <c>EdgeGateway:ServerLimits</c>: Kestrel's limits, set on purpose rather than left to defaults, because the
/// gateway faces internal callers and WeChat Pay's callbacks, and slow or oversized input must cost little.
/// Per-route body limits (<c>MaxRequestBodyBytes</c>) apply on top of <see cref="MaxRequestBodyBytes"/>.
/// </summary>
public sealed class ServerLimitsOptions
{
    public const string SectionName = "EdgeGateway:ServerLimits";

    /// <summary>Most request headers accepted (431 above). Default 64: v3 calls carry about a dozen.</summary>
    public int MaxRequestHeaderCount { get; set; } = 64;

    /// <summary>Total size of the request headers in bytes (431 above). Default 16 KiB.</summary>
    public int MaxRequestHeadersTotalSize { get; set; } = 16 * 1024;

    /// <summary>Longest request line in bytes (414 above). Default 8 KiB.</summary>
    public int MaxRequestLineSize { get; set; } = 8 * 1024;

    /// <summary>Server-wide cap on any request body in bytes (413 above), whatever a route allows. Default 8 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Time to receive all request headers before the connection is closed (slow-loris). Default 10 s.</summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Slowest acceptable request body, bytes per second, after <see cref="MinRequestBodyDataRateGracePeriod"/>. Default 240.</summary>
    public double MinRequestBodyDataRate { get; set; } = 240;

    /// <summary>Grace before <see cref="MinRequestBodyDataRate"/> applies. Default 5 s.</summary>
    public TimeSpan MinRequestBodyDataRateGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Longest time a proxied request's whole body may take to arrive (408 <c>INVALID_REQUEST</c> after it). The body is
    /// read before the route's rate limiter (README, "What the gateway does with a request"), so this bounds how long a
    /// slow sender can keep a connection busy even when it stays above <see cref="MinRequestBodyDataRate"/>. Default 10 s.
    /// </summary>
    public TimeSpan RequestBodyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Idle keep-alive connections are closed after this. Default 2 min.</summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Concurrent HTTP/2 streams per connection. Default 100.</summary>
    public int Http2MaxStreamsPerConnection { get; set; } = 100;

    /// <summary>Most open connections (null: unlimited). A backstop; rate limits are per route.</summary>
    public long? MaxConcurrentConnections { get; set; }
}
