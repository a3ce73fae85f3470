namespace EdgeGateway.Quotas;

/// <summary>How a quota check ended.</summary>
public enum QuotaOutcomeKind
{
    /// <summary>Decided by the shared store (Redis, or memory when no Redis is configured).</summary>
    Enforced,

    /// <summary>Redis was unavailable and the quota fails open: decided by the local per-instance limiter.</summary>
    Degraded,

    /// <summary>Redis was unavailable and the quota fails closed: refuse with 503.</summary>
    Unavailable,
}

/// <summary>The result of <see cref="QuotaEnforcer.DecideAsync"/>: the decision and the windows it was made against.</summary>
public sealed record QuotaOutcome(QuotaOutcomeKind Kind, QuotaDecision? Decision, GcraWindow[] Windows, int RetryAfterSeconds = 0);
