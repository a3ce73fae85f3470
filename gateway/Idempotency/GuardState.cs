namespace EdgeGateway.Idempotency;

/// <summary>What the guard found when a request for a number arrived.</summary>
internal enum GuardState
{
    /// <summary>This request holds the lock now and may go to WeChat Pay.</summary>
    Acquired,

    /// <summary>Another request for the same number is with WeChat Pay right now.</summary>
    InFlight,

    /// <summary>A verified answer for the number is kept (see <see cref="GuardBegin.Answer"/>).</summary>
    Completed,

    /// <summary>The store (Redis) could not be asked.</summary>
    Unavailable,
}
