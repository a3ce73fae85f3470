namespace EdgeGateway.Caching;

/// <summary>
/// The order/refund status cache of a query route (opt-in): verified 200 answers kept briefly for
/// non-final states and longer for final ones, replaced when a callback reports a new state.
/// </summary>
public sealed class StatusCachePolicy
{
    /// <summary>TTL for NOTPAY, USERPAYING, PROCESSING… Default 1 s.</summary>
    public TimeSpan NonFinalTtl { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>TTL for SUCCESS, CLOSED, REFUND, PAYERROR, REVOKED, ABNORMAL… Default 5 min.</summary>
    public TimeSpan FinalTtl { get; set; } = TimeSpan.FromMinutes(5);
}
