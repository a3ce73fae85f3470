using System.Collections.Concurrent;
using EdgeGateway.Requests;

namespace EdgeGateway.Caching;

/// <summary>
/// Cached statuses in this process's memory, when no Redis is configured: the same semantics as Redis (entries per
/// order/refund, a generation that invalidation moves on, ages and expiry by <see cref="TimeProvider"/>), right for a
/// single instance. Bounded by <see cref="StatusCacheOptions.MemoryMaxEntries"/>; expired orders are swept as entries are added.
/// </summary>
internal sealed class InMemoryStatusCacheStore(TimeProvider timeProvider, int maxEntries) : IStatusCacheStore
{
    private const int SweepEvery = 1024;
    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private int _writes;
    private long _lastFullSweep;

    public string Kind => "memory";

    public int Count => _slots.Count;

    public Task<CacheLookup> LookupAsync(StatusIdentity identity, string variant)
    {
        var now = NowMs();
        if (!_slots.TryGetValue(identity.Key, out var slot))
        {
            return Task.FromResult(CacheLookup.Miss(0));
        }

        lock (slot)
        {
            // A slot swept away meanwhile is as good as absent: generation 0, no entries.
            if (slot.Removed || !slot.Entries.TryGetValue(variant, out var entry) || entry.ExpiresAt <= now)
            {
                return Task.FromResult(CacheLookup.Miss(slot.Removed ? 0 : slot.Generation));
            }

            return Task.FromResult(new CacheLookup(entry.Answer, TimeSpan.FromMilliseconds(now - entry.StoredAt), slot.Generation));
        }
    }

    public Task<StoreResult> StoreAsync(StatusIdentity identity, string variant, long generation, KeptAnswer answer, TimeSpan ttl)
    {
        var now = NowMs();
        var expires = now + (long)Math.Ceiling(ttl.TotalMilliseconds);
        SweepNow();
        if (!_slots.ContainsKey(identity.Key) && _slots.Count >= maxEntries)
        {
            return Task.FromResult(StoreResult.Full);
        }

        return Task.FromResult(WithSlot(identity.Key, slot =>
        {
            if (slot.Generation != generation)
            {
                return StoreResult.Invalidated;
            }

            slot.Entries[variant] = new Entry(answer, now, expires);
            slot.KeepUntil = Math.Max(slot.KeepUntil, expires);
            return StoreResult.Stored;
        }));
    }

    public Task InvalidateAsync(StatusIdentity identity, TimeSpan retention)
    {
        var keepUntil = NowMs() + (long)retention.TotalMilliseconds;
        WithSlot(identity.Key, slot =>
        {
            slot.Generation++;
            slot.Entries.Clear();
            slot.KeepUntil = Math.Max(slot.KeepUntil, keepUntil);
            return StoreResult.Stored;
        });
        return Task.CompletedTask;
    }

    /// <summary>Runs <paramref name="action"/> under the lock of the live slot (retrying if the sweeper removed the one found).</summary>
    private T WithSlot<T>(string key, Func<Slot, T> action)
    {
        while (true)
        {
            var slot = _slots.GetOrAdd(key, static _ => new Slot());
            lock (slot)
            {
                if (!slot.Removed)
                {
                    return action(slot);
                }
            }
        }
    }

    private void SweepNow()
    {
        // Every SweepEvery writes; and when full, at most once a second (a full sweep walks every slot).
        var now = NowMs();
        if (Interlocked.Increment(ref _writes) % SweepEvery != 0 && (_slots.Count < maxEntries || now - Interlocked.Read(ref _lastFullSweep) < 1000))
        {
            return;
        }

        Interlocked.Exchange(ref _lastFullSweep, now);
        foreach (var (key, slot) in _slots)
        {
            lock (slot)
            {
                if (slot.KeepUntil > now)
                {
                    continue;
                }

                slot.Removed = true;
            }

            _slots.TryRemove(new KeyValuePair<string, Slot>(key, slot));
        }
    }

    private long NowMs() => timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    private sealed class Slot
    {
        public long Generation;
        public long KeepUntil;
        public bool Removed;
        public Dictionary<string, Entry> Entries { get; } = new(StringComparer.Ordinal);
    }

    private sealed record Entry(KeptAnswer Answer, long StoredAt, long ExpiresAt);
}
