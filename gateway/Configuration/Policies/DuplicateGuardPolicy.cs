namespace EdgeGateway.Configuration;

/// <summary>
/// The duplicate-payment guard of a money-moving route: a Redis lock on (mchid, out_trade_no |
/// out_refund_no) while the call is in flight, then the 2xx answer kept for replay.
/// </summary>
public sealed class DuplicateGuardPolicy
{
    /// <summary>Lock lifetime. Optional; default 60 s; allowed: at least 1 s and longer than the Timeout of every route using the policy.</summary>
    public TimeSpan LockTtl { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a verified 200/201/204 answer is kept and replayed to an identical repeat. Optional; default 24 h; 0 keeps nothing.</summary>
    public TimeSpan ReplayFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// What to do when Redis cannot be asked. Optional; default <see cref="RedisFailureMode.FailClosed"/> (503, nothing
    /// sent: a double charge is worse than a retry); <see cref="RedisFailureMode.FailOpen"/> forwards unguarded.
    /// </summary>
    public RedisFailureMode OnRedisFailure { get; set; } = RedisFailureMode.FailClosed;
}
