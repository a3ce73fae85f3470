using System.Globalization;

namespace EdgeGateway.Callbacks;

/// <summary>
/// Callbacks in this process's memory, for the sandbox and single-instance trials without Redis. It has the
/// same semantics as <see cref="RedisCallbackStore"/> except durability: a crash or restart loses every
/// callback accepted but not yet delivered (WeChat Pay was already told 204), which the gateway says loudly
/// at start.
/// </summary>
internal sealed class InMemoryCallbackStore(TimeProvider timeProvider) : ICallbackStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly LinkedList<PendingCallback> _queue = new();
    private readonly Dictionary<string, (PendingCallback Callback, DateTimeOffset TakenAt)> _taken = new(StringComparer.Ordinal);
    private readonly List<(DateTimeOffset Due, CallbackEvent Event)> _retries = [];
    private readonly List<DeadLetter> _dead = [];
    private long _sequence;
    private DateTimeOffset _nextPrune;

    public string Kind => "memory";

    public Task<AcceptOutcome> AcceptAsync(CallbackEvent callback, TimeSpan dedupeWindow)
    {
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            Prune(now);
            var key = callback.MchId + ":" + callback.Id;
            if (_seen.TryGetValue(key, out var expires) && expires > now)
            {
                return Task.FromResult(AcceptOutcome.Duplicate);
            }

            _seen[key] = now + dedupeWindow;
            _queue.AddLast(new PendingCallback(NextId(now), callback));
            return Task.FromResult(AcceptOutcome.Accepted);
        }
    }

    public Task<IReadOnlyList<PendingCallback>> TakeNewAsync(string consumer, int count)
    {
        var now = timeProvider.GetUtcNow();
        var taken = new List<PendingCallback>();
        lock (_gate)
        {
            while (taken.Count < count && _queue.First is { } first)
            {
                _queue.RemoveFirst();
                _taken[first.Value.EntryId] = (first.Value, now);
                taken.Add(first.Value);
            }
        }

        return Task.FromResult<IReadOnlyList<PendingCallback>>(taken);
    }

    public Task<IReadOnlyList<PendingCallback>> ClaimOrphansAsync(string consumer, TimeSpan idle, int count)
    {
        // One process: an entry taken this long ago and never finished belongs to a delivery that hung.
        var now = timeProvider.GetUtcNow();
        var claimed = new List<PendingCallback>();
        lock (_gate)
        {
            foreach (var (id, (callback, takenAt)) in _taken.ToList())
            {
                if (claimed.Count < count && now - takenAt >= idle)
                {
                    _taken[id] = (callback, now);
                    claimed.Add(callback);
                }
            }
        }

        return Task.FromResult<IReadOnlyList<PendingCallback>>(claimed);
    }

    /// <summary>One process, one consumer: there are no others to forget.</summary>
    public Task<int> RemoveIdleConsumersAsync(string self, TimeSpan idle) => Task.FromResult(0);

    public Task<int> ReleaseDueRetriesAsync(DateTimeOffset now, int max)
    {
        lock (_gate)
        {
            var due = _retries.Where(r => r.Due <= now).OrderBy(r => r.Due).Take(max).ToList();
            foreach (var item in due)
            {
                _retries.Remove(item);
                _queue.AddLast(new PendingCallback(NextId(now), item.Event));
            }

            return Task.FromResult(due.Count);
        }
    }

    public Task CompleteAsync(PendingCallback taken)
    {
        lock (_gate)
        {
            _taken.Remove(taken.EntryId);
        }

        return Task.CompletedTask;
    }

    public Task<bool> RescheduleAsync(PendingCallback taken, CallbackEvent updated, DateTimeOffset due)
    {
        lock (_gate)
        {
            if (!_taken.Remove(taken.EntryId))
            {
                return Task.FromResult(false);
            }

            _retries.Add((due, updated));
            return Task.FromResult(true);
        }
    }

    public Task<bool> DeadLetterAsync(PendingCallback taken, CallbackEvent updated)
    {
        lock (_gate)
        {
            if (!_taken.Remove(taken.EntryId))
            {
                return Task.FromResult(false);
            }

            _dead.Add(new DeadLetter(NextId(timeProvider.GetUtcNow()), updated));
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(int count)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<DeadLetter>>([.. _dead.Take(count)]);
        }
    }

    public Task<bool> ReplayAsync(string deadLetterId)
    {
        lock (_gate)
        {
            var index = _dead.FindIndex(d => d.EntryId == deadLetterId);
            if (index < 0)
            {
                return Task.FromResult(false);
            }

            var letter = _dead[index];
            _dead.RemoveAt(index);
            _queue.AddLast(new PendingCallback(NextId(timeProvider.GetUtcNow()), letter.Event with { Attempts = 0, LastError = null, DeadLetteredAt = null }));
            return Task.FromResult(true);
        }
    }

    public Task<CallbackStoreStats> StatsAsync()
    {
        lock (_gate)
        {
            return Task.FromResult(new CallbackStoreStats(Kind, _queue.Count, _taken.Count, _retries.Count, _dead.Count));
        }
    }

    private string NextId(DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"{now.ToUnixTimeMilliseconds()}-{++_sequence}");

    private void Prune(DateTimeOffset now)
    {
        if (now < _nextPrune)
        {
            return;
        }

        _nextPrune = now + TimeSpan.FromMinutes(1);
        foreach (var (key, expires) in _seen.ToList())
        {
            if (expires <= now)
            {
                _seen.Remove(key);
            }
        }
    }
}
