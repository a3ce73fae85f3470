using System.Collections.Concurrent;

namespace EdgeGateway.Simulator.Auth;

/// <summary>
/// Remembers (mchid, nonce) pairs for the replay window so that a reused nonce is rejected, as
/// WeChat Pay does. Expired entries are swept as new ones arrive.
/// </summary>
internal sealed class NonceCache(TimeProvider timeProvider, TimeSpan window)
{
    private readonly ConcurrentDictionary<string, long> _seen = new(StringComparer.Ordinal);
    private long _nextSweep;

    /// <summary>Returns false when the nonce was already used by this merchant inside the window.</summary>
    public bool TryUse(string mchId, string nonce)
    {
        var now = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        Sweep(now);
        return _seen.TryAdd(mchId + "\n" + nonce, now);
    }

    private void Sweep(long now)
    {
        var next = Interlocked.Read(ref _nextSweep);
        if (now < next || Interlocked.CompareExchange(ref _nextSweep, now + 30, next) != next)
        {
            return;
        }

        var cutoff = now - (long)window.TotalSeconds * 2;
        foreach (var (key, seenAt) in _seen)
        {
            if (seenAt < cutoff)
            {
                _seen.TryRemove(key, out _);
            }
        }
    }
}
