namespace EdgeGateway.Configuration;

/// <summary>
/// The order/refund status cache of a query route (opt-in): verified 200 answers kept briefly for
/// non-final states and longer for final ones, replaced when a callback reports a new state.
/// A route names it in <c>Metadata.StatusCache</c>: its GET requests are then coalesced and cached,
/// and any other request on it (closing an order, creating a refund) invalidates the statuses it names.
/// </summary>
public sealed class StatusCachePolicy
{
    /// <summary>
    /// TTL for NOTPAY, USERPAYING, PROCESSING… Default 1 s; allowed 00:00:00 (keep nothing) to 00:05:00.
    /// </summary>
    public TimeSpan NonFinalTtl { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// TTL for SUCCESS, CLOSED, REFUND, PAYERROR, REVOKED, ABNORMAL… Default 5 min; allowed 00:00:00 to 00:05:00.
    /// An entry never outlives the freshness of WeChat Pay's signature on it (see the README).
    /// </summary>
    public TimeSpan FinalTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Concurrent identical GET queries (same signing merchant, path and query) share one upstream call.
    /// Default true; false sends every cache miss upstream on its own.
    /// </summary>
    public bool Coalesce { get; set; } = true;

    /// <summary>True when either TTL keeps answers at all.</summary>
    internal bool Caches => NonFinalTtl > TimeSpan.Zero || FinalTtl > TimeSpan.Zero;
}
