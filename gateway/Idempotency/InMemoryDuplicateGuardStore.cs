namespace EdgeGateway.Idempotency;

/// <summary>
/// The guard in this process's memory, for a single instance without Redis (the sandbox). Same semantics
/// as <see cref="RedisDuplicateGuardStore"/>: one lock under which each step is atomic, expiries by the
/// injected clock, expired entries swept as the store is used.
/// </summary>
/// <remarks>
/// Every expiry set is also queued by its time, and each step first drops the entries whose time has come, so a step
/// costs the same whether the store holds a hundred kept answers or millions (a kept answer lives for hours). It used
/// to walk every entry once per 1 024 steps: about one entry visited per step for every thousand held.
/// </remarks>
internal sealed class InMemoryDuplicateGuardStore(TimeProvider timeProvider) : IDuplicateGuardStore
{
    private readonly Dictionary<GuardKey, Entry> _entries = [];
    private readonly PriorityQueue<GuardKey, DateTimeOffset> _expiries = new();
    private readonly Lock _gate = new();

    /// <summary>Numbers with a lock or a kept answer held (for tests).</summary>
    internal int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Expiries queued and not yet come (for tests).</summary>
    internal int QueuedExpiries
    {
        get
        {
            lock (_gate)
            {
                return _expiries.Count;
            }
        }
    }

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
            _expiries.Enqueue(key, entry.LockExpiresAt);
            return ValueTask.FromResult(GuardBegin.Acquired);
        }
    }

    public ValueTask<bool> CompleteAsync(GuardKey key, string lockValue, StoredAnswer answer, TimeSpan replayFor)
    {
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            Sweep(now);
            var entry = Live(key, now);
            if (replayFor > TimeSpan.Zero)
            {
                entry.Answer = answer;
                entry.AnswerExpiresAt = now + replayFor;
                _expiries.Enqueue(key, entry.AnswerExpiresAt);
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
            Sweep(now);
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

    /// <summary>
    /// Drops what expired by <paramref name="now"/>. A queued time can be out of date (the lock was released, the
    /// number was locked again): the entry is looked at afresh and kept while anything in it still lives, and whatever
    /// still lives has its own later time queued.
    /// </summary>
    private void Sweep(DateTimeOffset now)
    {
        while (_expiries.TryPeek(out var key, out var at) && at <= now)
        {
            _expiries.Dequeue();
            if (_entries.ContainsKey(key))
            {
                Store(key, Live(key, now));
            }
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
