namespace EdgeGateway.Idempotency;

/// <summary>
/// The guard in this process's memory, for a single instance without Redis (the sandbox). Same semantics
/// as <see cref="RedisDuplicateGuardStore"/>: one lock under which each step is atomic, expiries by the
/// injected clock, expired entries swept as the store is used.
/// </summary>
internal sealed class InMemoryDuplicateGuardStore(TimeProvider timeProvider) : IDuplicateGuardStore
{
    private const int SweepEvery = 1024;
    private readonly Dictionary<GuardKey, Entry> _entries = [];
    private readonly Lock _gate = new();
    private int _operations;

    public ValueTask<GuardBegin> BeginAsync(GuardKey key, string lockValue, TimeSpan lockTtl)
    {
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            Sweep(now);
            var entry = Live(key, now);
            if (entry.Answer is { } answer)
            {
                return ValueTask.FromResult(GuardBegin.Completed(answer));
            }

            if (entry.LockValue is { } holder)
            {
                return ValueTask.FromResult(GuardBegin.InFlight(DuplicateGuardLock.Fingerprint(holder)));
            }

            entry.LockValue = lockValue;
            entry.LockExpiresAt = now + lockTtl;
            _entries[key] = entry;
            return ValueTask.FromResult(GuardBegin.Acquired);
        }
    }

    public ValueTask<bool> CompleteAsync(GuardKey key, string lockValue, StoredAnswer answer, TimeSpan replayFor)
    {
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            var entry = Live(key, now);
            if (replayFor > TimeSpan.Zero)
            {
                entry.Answer = answer;
                entry.AnswerExpiresAt = now + replayFor;
            }

            if (entry.LockValue == lockValue)
            {
                entry.LockValue = null;
            }

            Store(key, entry);
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<bool> ReleaseAsync(GuardKey key, string lockValue)
    {
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            var entry = Live(key, now);
            if (entry.LockValue == lockValue)
            {
                entry.LockValue = null;
            }

            Store(key, entry);
            return ValueTask.FromResult(true);
        }
    }

    /// <summary>The entry with whatever expired already dropped (a fresh one when there is none).</summary>
    private Entry Live(GuardKey key, DateTimeOffset now)
    {
        var entry = _entries.TryGetValue(key, out var found) ? found : new Entry();
        if (entry.LockValue is not null && entry.LockExpiresAt <= now)
        {
            entry.LockValue = null;
        }

        if (entry.Answer is not null && entry.AnswerExpiresAt <= now)
        {
            entry.Answer = null;
        }

        return entry;
    }

    private void Store(GuardKey key, Entry entry)
    {
        if (entry.LockValue is null && entry.Answer is null)
        {
            _entries.Remove(key);
        }
        else
        {
            _entries[key] = entry;
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        if (++_operations % SweepEvery != 0)
        {
            return;
        }

        foreach (var key in _entries.Keys.ToList())
        {
            Store(key, Live(key, now));
        }
    }

    private sealed class Entry
    {
        public string? LockValue { get; set; }

        public DateTimeOffset LockExpiresAt { get; set; }

        public StoredAnswer? Answer { get; set; }

        public DateTimeOffset AnswerExpiresAt { get; set; }
    }
}
