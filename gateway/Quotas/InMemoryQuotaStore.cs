namespace EdgeGateway.Quotas;

/// <summary>
/// Quota state in this process: the embedded default when no Redis is configured (correct for one instance),
/// and the local limiter of fail-open quotas while Redis is away. Same algorithm as the Redis script
/// (<see cref="Gcra"/>); one lock keeps multi-window decisions atomic. Windows that are full again are
/// forgotten, so memory follows the active keys.
/// </summary>
internal sealed class InMemoryQuotaStore(TimeProvider timeProvider) : IQuotaStore
{
    private const int SweepEvery = 4096;

    private readonly Dictionary<string, long> _tats = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private int _decisionsSinceSweep;

    /// <summary>Keys currently held (for tests and the benchmark).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _tats.Count;
            }
        }
    }

    public Task<QuotaDecision> DecideAsync(QuotaRequest request) => Task.FromResult(Decide(request));

    public QuotaDecision Decide(QuotaRequest request)
    {
        var nowUs = (timeProvider.GetUtcNow().UtcTicks - DateTime.UnixEpoch.Ticks) / 10;
        Span<long> tats = request.Windows.Length <= 16 ? stackalloc long[request.Windows.Length] : new long[request.Windows.Length];
        lock (_lock)
        {
            for (var i = 0; i < request.Windows.Length; i++)
            {
                tats[i] = _tats.GetValueOrDefault(request.WindowKey(i));
            }

            var decision = Gcra.Decide(nowUs, request.Windows, tats);
            if (decision.Allowed)
            {
                for (var i = 0; i < request.Windows.Length; i++)
                {
                    _tats[request.WindowKey(i)] = tats[i];
                }
            }

            if (++_decisionsSinceSweep >= SweepEvery)
            {
                _decisionsSinceSweep = 0;
                Sweep(nowUs);
            }

            return decision;
        }
    }

    /// <summary>A TAT in the past means the window is full again: the same as no entry.</summary>
    private void Sweep(long nowUs)
    {
        foreach (var (key, tat) in _tats)
        {
            if (tat <= nowUs)
            {
                _tats.Remove(key);
            }
        }
    }
}
