namespace EdgeGateway.Configuration;

/// <summary>What a quota does when Redis cannot be asked.</summary>
public enum RedisFailureMode
{
    /// <summary>Keep serving under a local per-instance limit (global limit ÷ expected instances).</summary>
    FailOpen,

    /// <summary>Refuse with 503 until Redis is back.</summary>
    FailClosed,
}

/// <summary>One window of a quota: at most <see cref="Limit"/> requests per <see cref="Period"/>.</summary>
public sealed class QuotaWindow
{
    /// <summary>Requests allowed per period; must be positive.</summary>
    public long Limit { get; set; }

    /// <summary>The period, e.g. <c>00:00:01</c> or <c>1.00:00:00</c>; must be positive.</summary>
    public TimeSpan Period { get; set; }
}

/// <summary>Where the per-user dimension of a quota comes from: a request header or a JSON field (dotted path).</summary>
public sealed class QuotaUserDimension
{
    /// <summary>A header naming the end user, e.g. <c>X-User-Id</c>.</summary>
    public string? Header { get; set; }

    /// <summary>A field of the JSON body, e.g. <c>payer.openid</c>.</summary>
    public string? JsonField { get; set; }
}

/// <summary>
/// A quota shared by every gateway instance through Redis, keyed by caller and optionally by user.
/// Several windows may apply at once (e.g. 20/second and 10 000/day); a request must fit in all.
/// </summary>
public sealed class QuotaPolicy
{
    /// <summary>Required: at least one window.</summary>
    public List<QuotaWindow> Windows { get; set; } = [];

    /// <summary>Optional per-user dimension; without it the quota is per caller.</summary>
    public QuotaUserDimension? User { get; set; }

    /// <summary>Default <see cref="RedisFailureMode.FailOpen"/>.</summary>
    public RedisFailureMode OnRedisFailure { get; set; } = RedisFailureMode.FailOpen;

    /// <summary>Instances sharing the quota, to size the local fallback limiter. Default 1.</summary>
    public int ExpectedInstances { get; set; } = 1;
}
