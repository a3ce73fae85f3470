using EdgeGateway.Quotas;

namespace EdgeGateway.Idempotency;

/// <summary>
/// The duplicate-payment guard of a money-moving route: a Redis lock on (mchid, out_trade_no |
/// out_refund_no) while the call is in flight, then the 2xx answer kept for replay.
/// </summary>
public sealed class DuplicateGuardPolicy
{
    /// <summary>Lock lifetime; must be longer than the route's timeout. Default 60 s.</summary>
    public TimeSpan LockTtl { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a 2xx answer is kept and replayed to an identical repeat. Default 24 h.</summary>
    public TimeSpan ReplayFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Default <see cref="RedisFailureMode.FailClosed"/>: a double charge is worse than a retry.</summary>
    public RedisFailureMode OnRedisFailure { get; set; } = RedisFailureMode.FailClosed;
}
