using System.Diagnostics.Metrics;
using EdgeGateway.Telemetry;

namespace EdgeGateway.Caching;

/// <summary>Status cache and coalescing instruments: how much polling the gateway absorbed, and why it did not.</summary>
internal sealed class StatusCacheMetrics
{
    private readonly Counter<long> _hits;
    private readonly Counter<long> _misses;
    private readonly Counter<long> _bypasses;
    private readonly Counter<long> _stores;
    private readonly Counter<long> _notStored;
    private readonly Counter<long> _invalidations;
    private readonly Counter<long> _followers;
    private readonly Counter<long> _saved;
    private readonly Counter<long> _storeErrors;

    public StatusCacheMetrics(IMeterFactory meterFactory, RequestCoalescer coalescer)
    {
        var meter = meterFactory.Create(GatewayTelemetry.MeterName);
        _hits = meter.CreateCounter<long>("edgegateway.status_cache.hits", "{request}", "Queries answered from the status cache.");
        _misses = meter.CreateCounter<long>("edgegateway.status_cache.misses", "{request}",
            "Queries on a caching route the cache could not answer (no fresh entry, or the store unavailable).");
        _bypasses = meter.CreateCounter<long>("edgegateway.status_cache.bypasses", "{request}", "Queries sent with Cache-Control: no-cache, answered fresh from upstream.");
        _stores = meter.CreateCounter<long>("edgegateway.status_cache.stores", "{entry}", "Verified 200 answers kept in the cache, by state class.");
        _notStored = meter.CreateCounter<long>("edgegateway.status_cache.not_stored", "{answer}",
            "Upstream answers on a caching route that were not kept, by reason (status, unverified, too_large, invalidated, stale_signature, store_unavailable, full).");
        _invalidations = meter.CreateCounter<long>("edgegateway.status_cache.invalidations", "{entry}",
            "Orders/refunds whose cached status was dropped, by source (callback, route).");
        _followers = meter.CreateCounter<long>("edgegateway.status_cache.coalesced", "{request}",
            "Queries that waited for an identical query's upstream call, by outcome (shared, failed, timeout, cancelled, restarted, alone).");
        _saved = meter.CreateCounter<long>("edgegateway.status_cache.upstream_saved", "{request}",
            "Upstream calls not made because the cache or a concurrent identical query answered, by mechanism (cache, coalescing).");
        _storeErrors = meter.CreateCounter<long>("edgegateway.status_cache.store_errors", "{operation}",
            "Status cache operations the store could not do (the query went upstream uncached), by operation and reason (timeout, error, skipped).");
        meter.CreateObservableGauge("edgegateway.status_cache.flights", () => coalescer.InFlight, "{flight}", "Coalesced upstream calls in progress.");
    }

    public void Hit(string route)
    {
        _hits.Add(1, new KeyValuePair<string, object?>("route", route));
        _saved.Add(1, new("route", route), new("mechanism", "cache"));
    }

    public void Miss(string route) => _misses.Add(1, new KeyValuePair<string, object?>("route", route));

    public void Bypass(string route) => _bypasses.Add(1, new KeyValuePair<string, object?>("route", route));

    /// <param name="stateClass"><c>final</c> or <c>non_final</c>.</param>
    public void Stored(string route, string stateClass) => _stores.Add(1, new("route", route), new("state_class", stateClass));

    public void NotStored(string route, string reason) => _notStored.Add(1, new("route", route), new("reason", reason));

    /// <param name="source"><c>callback</c> or <c>route</c>.</param>
    /// <param name="route">The route id, or the callback name.</param>
    public void Invalidated(string source, string route, int count) => _invalidations.Add(count, new("source", source), new("route", route));

    /// <param name="outcome"><c>shared</c>, <c>failed</c>, <c>timeout</c>, <c>cancelled</c>, <c>restarted</c> or <c>alone</c>.</param>
    public void Followed(string route, string outcome)
    {
        _followers.Add(1, new("route", route), new("outcome", outcome));
        if (outcome is "shared" or "failed")
        {
            _saved.Add(1, new("route", route), new("mechanism", "coalescing"));
        }
    }

    /// <param name="operation"><c>lookup</c>, <c>store</c> or <c>invalidate</c>.</param>
    /// <param name="reason"><c>timeout</c>, <c>error</c> or <c>skipped</c>.</param>
    public void StoreError(string operation, string reason) => _storeErrors.Add(1, new("operation", operation), new("reason", reason));
}
