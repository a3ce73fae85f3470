using EdgeGateway.Requests;
using EdgeGateway.Storage;
using EdgeGateway.Telemetry;
using Microsoft.Extensions.Options;

namespace EdgeGateway.Caching;

/// <summary>
/// The status cache as the rest of the gateway uses it: lookups, stores and invalidations that never fail a request.
/// Every store operation is bounded by the Redis operation timeout; a failure makes the cache skip Redis for
/// <see cref="StatusCacheOptions.RedisRetryAfter"/> (queries then go upstream uncached, still coalesced), so an outage
/// costs one timeout rather than one per query. Invalidations are always attempted, and also detach this instance's
/// flights in progress for the order, so no request joins an answer fetched before the change.
/// </summary>
internal sealed partial class StatusCache
{
    /// <summary>How long an invalidation's generation is remembered: longer than any query route's timeout (at most 1 min).</summary>
    public static readonly TimeSpan GenerationRetention = TimeSpan.FromMinutes(2);

    private readonly IStatusCacheStore _store;
    private readonly RequestCoalescer _coalescer;
    private readonly StatusCacheMetrics _metrics;
    private readonly IOptionsMonitor<StatusCacheOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<StatusCache> _logger;
    private readonly TimeSpan _timeout;
    private long _skipUntilMs;
    private int _degraded;

    public StatusCache(IStatusCacheStore store, RequestCoalescer coalescer, StatusCacheMetrics metrics, RedisConnection redis,
        IOptionsMonitor<StatusCacheOptions> options, TimeProvider timeProvider, ILogger<StatusCache> logger)
    {
        _store = store;
        _coalescer = coalescer;
        _metrics = metrics;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _timeout = store.Kind == "redis" ? TimeSpan.FromMilliseconds(Math.Max(1, redis.Options.OperationTimeoutMs)) : Timeout.InfiniteTimeSpan;
    }

    public string StoreKind => _store.Kind;

    /// <summary>The entry for the query, or a miss with the generation to store under; null when the store cannot be asked.</summary>
    public async Task<CacheLookup?> LookupAsync(StatusIdentity identity, string variant)
    {
        var (ok, lookup) = await RunAsync("lookup", () => _store.LookupAsync(identity, variant), honourPause: true);
        if (!ok)
        {
            return null;
        }

        if (lookup.Unreadable)
        {
            LogEntryUnreadable(_logger, identity.MchId, identity.Kind);
        }

        return lookup;
    }

    /// <summary>Keeps a verified answer; every outcome is counted, none throws.</summary>
    public async Task StoreAsync(string route, StatusIdentity identity, string variant, long generation, KeptAnswer answer, TimeSpan ttl, bool final)
    {
        var (ok, result) = await RunAsync("store", () => _store.StoreAsync(identity, variant, generation, answer, ttl), honourPause: true);
        switch (ok ? result : (StoreResult?)null)
        {
            case StoreResult.Stored:
                _metrics.Stored(route, final ? "final" : "non_final");
                break;
            case StoreResult.Invalidated:
                _metrics.NotStored(route, "invalidated");
                break;
            case StoreResult.Full:
                _metrics.NotStored(route, "full");
                break;
            default:
                _metrics.NotStored(route, "store_unavailable");
                break;
        }
    }

    /// <summary>Drops the cached status of every identity (after a close, a refund or a callback); never throws.</summary>
    /// <param name="source"><c>route</c> or <c>callback</c>.</param>
    /// <param name="origin">The route id, or the callback name.</param>
    public async Task InvalidateAsync(IReadOnlyList<StatusIdentity> identities, string source, string origin)
    {
        foreach (var identity in identities)
        {
            _coalescer.Detach(identity.Key);
        }

        // Not paused by an earlier failure: a dropped invalidation leaves a stale state until its TTL, so it is always tried.
        var (done, _) = await RunAsync("invalidate", async () =>
        {
            await Task.WhenAll(identities.Select(i => _store.InvalidateAsync(i, GenerationRetention)));
            return true;
        }, honourPause: false);
        if (done)
        {
            _metrics.Invalidated(source, origin, identities.Count);
            foreach (var identity in identities)
            {
                LogInvalidated(_logger, identity.Kind, identity.Id, identity.MchId, source, origin);
            }
        }
        else
        {
            foreach (var identity in identities)
            {
                LogInvalidationFailed(_logger, identity.Kind, identity.Id, identity.MchId, source, origin);
            }
        }
    }

    /// <summary>A verified, decrypted TRANSACTION.* or REFUND.* callback of <paramref name="mchId"/> changed a state: drop what is cached for it.</summary>
    public Task InvalidateFromCallbackAsync(string callbackName, string mchId, string eventType, string resourceJson)
    {
        var identities = StatusIdentity.DescribedBy(mchId, eventType, resourceJson);
        return identities.Count == 0 ? Task.CompletedTask : InvalidateAsync(identities, "callback", callbackName);
    }

    private async Task<(bool Ok, T Value)> RunAsync<T>(string operation, Func<Task<T>> action, bool honourPause)
    {
        if (honourPause && _timeProvider.GetUtcNow().ToUnixTimeMilliseconds() < Interlocked.Read(ref _skipUntilMs))
        {
            _metrics.StoreError(operation, "skipped");
            return (false, default!);
        }

        try
        {
            var value = await action().WaitAsync(_timeout, _timeProvider).ConfigureAwait(false);
            if (Interlocked.Exchange(ref _degraded, 0) == 1)
            {
                LogRecovered(_logger, _store.Kind);
            }

            return (true, value);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Whatever the store threw, the query goes on upstream: a cache must never be why a query fails.
            var reason = ex is TimeoutException ? "timeout" : "error";
            _metrics.StoreError(operation, reason);
            var pause = _options.CurrentValue.RedisRetryAfter;
            Interlocked.Exchange(ref _skipUntilMs, _timeProvider.GetUtcNow().Add(pause).ToUnixTimeMilliseconds());
            if (Interlocked.Exchange(ref _degraded, 1) == 0)
            {
                LogDegraded(_logger, _store.Kind, operation, ex.GetType().Name, pause);
            }

            return (false, default!);
        }
    }

    [LoggerMessage(EventId = EventIds.StatusCacheRedisDegraded, Level = LogLevel.Warning,
        Message = "Status cache store {Store} failed on {Operation} ({ExceptionType}); queries go upstream uncached (still coalesced), and the store is tried again after {RetryAfter}")]
    private static partial void LogDegraded(ILogger logger, string store, string operation, string exceptionType, TimeSpan retryAfter);

    [LoggerMessage(EventId = EventIds.StatusCacheRedisRecovered, Level = LogLevel.Information, Message = "Status cache store {Store} answers again")]
    private static partial void LogRecovered(ILogger logger, string store);

    [LoggerMessage(EventId = EventIds.StatusCacheInvalidationFailed, Level = LogLevel.Warning,
        Message = "Could not drop the cached status of {Kind} {Id} of merchant {MchId} after {Source} {Origin}; it is served until its TTL ends")]
    private static partial void LogInvalidationFailed(ILogger logger, StatusKind kind, string id, string mchId, string source, string origin);

    [LoggerMessage(EventId = EventIds.StatusCacheEntryUnreadable, Level = LogLevel.Warning,
        Message = "A cached status of merchant {MchId} ({Kind}) could not be read; treated as a miss and replaced by the next verified answer")]
    private static partial void LogEntryUnreadable(ILogger logger, string mchId, StatusKind kind);

    [LoggerMessage(EventId = EventIds.StatusCacheInvalidated, Level = LogLevel.Debug,
        Message = "Dropped the cached status of {Kind} {Id} of merchant {MchId} after {Source} {Origin}")]
    private static partial void LogInvalidated(ILogger logger, StatusKind kind, string id, string mchId, string source, string origin);
}
