namespace EdgeGateway.Idempotency;

/// <summary>The outcome of taking the lock: a value, since every case is expected.</summary>
internal readonly record struct GuardBegin(GuardState State, StoredAnswer? Answer = null, string? HolderFingerprint = null, string? Error = null)
{
    public static readonly GuardBegin Acquired = new(GuardState.Acquired);

    public static GuardBegin InFlight(string? holderFingerprint) => new(GuardState.InFlight, HolderFingerprint: holderFingerprint);

    public static GuardBegin Completed(StoredAnswer answer) => new(GuardState.Completed, answer);

    public static GuardBegin Unavailable(string error) => new(GuardState.Unavailable, Error: error);
}
