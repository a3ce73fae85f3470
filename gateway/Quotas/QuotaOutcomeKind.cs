namespace EdgeGateway.Quotas;

/// <summary>How a quota check ended.</summary>
internal enum QuotaOutcomeKind
{
    /// <summary>Decided by the shared store (Redis, or memory when no Redis is configured).</summary>
    Enforced,

    /// <summary>Redis was unavailable and the quota fails open: decided by the local per-instance limiter.</summary>
    Degraded,

    /// <summary>Redis was unavailable and the quota fails closed: refuse with 503.</summary>
    Unavailable,
}
