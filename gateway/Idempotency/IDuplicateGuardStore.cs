namespace EdgeGateway.Idempotency;

/// <summary>
/// Where locks and kept answers live: Redis (shared by every gateway instance) or this process's memory when
/// no Redis is configured. Both behave the same; each operation is atomic.
/// </summary>
internal interface IDuplicateGuardStore
{
    /// <summary>
    /// Returns the kept answer when there is one; otherwise takes the lock with <paramref name="lockValue"/>
    /// (an owner token and the request's fingerprint) for <paramref name="lockTtl"/>, or reports who holds it.
    /// </summary>
    ValueTask<GuardBegin> BeginAsync(GuardKey key, string lockValue, TimeSpan lockTtl);

    /// <summary>Keeps <paramref name="answer"/> for <paramref name="replayFor"/> and releases the lock if this owner still holds it. False when the store failed.</summary>
    ValueTask<bool> CompleteAsync(GuardKey key, string lockValue, StoredAnswer answer, TimeSpan replayFor);

    /// <summary>Releases the lock if (and only if) this owner still holds it. False when the store failed.</summary>
    ValueTask<bool> ReleaseAsync(GuardKey key, string lockValue);
}
