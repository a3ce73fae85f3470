using System.Runtime.CompilerServices;
using Yarp.ReverseProxy.Configuration;

namespace EdgeGateway.Configuration;

/// <summary>
/// The policies one route names (its <see cref="RouteMetadataKeys"/>), resolved from one catalogue. A request takes
/// them once, when it is prepared, so a hot reload in the middle of a request cannot give its steps two different
/// catalogues; every step after preparation reads its policy here instead of looking it up again. Resolved once per
/// (route, catalogue) and kept, since both are immutable snapshots that change only on a reload.
/// </summary>
public sealed record RoutePolicies
{
    private static readonly ConditionalWeakTable<RouteConfig, RoutePolicies> Resolved = new();

    /// <summary>The catalogue these were resolved from.</summary>
    public required PolicyCatalog Catalog { get; init; }

    /// <summary>The quota named by <c>Metadata.Quota</c>; null when the route names none, or one that has no window.</summary>
    public string? QuotaName { get; init; }

    /// <inheritdoc cref="QuotaName"/>
    public QuotaPolicy? Quota { get; init; }

    /// <summary>
    /// The guard named by <c>Metadata.DuplicateGuard</c>: a policy removed by a later edit still guards, with the
    /// defaults. Null only when the route names none.
    /// </summary>
    public string? DuplicateGuardName { get; init; }

    /// <inheritdoc cref="DuplicateGuardName"/>
    public DuplicateGuardPolicy? DuplicateGuard { get; init; }

    /// <summary>The status cache named by <c>Metadata.StatusCache</c>; null when the route names none the catalogue holds.</summary>
    public string? StatusCacheName { get; init; }

    /// <inheritdoc cref="StatusCacheName"/>
    public StatusCachePolicy? StatusCache { get; init; }

    /// <summary>
    /// The retry policy named by <c>Metadata.Retry</c> when it retries at all; whether a request may be retried is
    /// decided by its method too (only queries are, docs/PROTOCOL.md §6.3).
    /// </summary>
    public string? RetryName { get; init; }

    /// <inheritdoc cref="RetryName"/>
    public RetryPolicy? Retry { get; init; }

    /// <summary>The policies of <paramref name="route"/> in <paramref name="catalog"/>.</summary>
    public static RoutePolicies For(RouteConfig route, PolicyCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(catalog);
        if (Resolved.TryGetValue(route, out var kept) && ReferenceEquals(kept.Catalog, catalog))
        {
            return kept;
        }

        var resolved = Resolve(route.Metadata, catalog);
        Resolved.AddOrUpdate(route, resolved);
        return resolved;
    }

    private static RoutePolicies Resolve(IReadOnlyDictionary<string, string>? metadata, PolicyCatalog catalog)
    {
        string? Named(string key) => metadata is not null && metadata.TryGetValue(key, out var name) ? name : null;

        var quotaName = Named(RouteMetadataKeys.Quota);
        var quota = quotaName is not null && catalog.Quotas.TryGetValue(quotaName, out var q) && q.Windows.Count > 0 ? q : null;
        var guardName = Named(RouteMetadataKeys.DuplicateGuard);
        var guard = guardName is null ? null : catalog.DuplicateGuards.GetValueOrDefault(guardName) ?? new DuplicateGuardPolicy();
        var cacheName = Named(RouteMetadataKeys.StatusCache);
        var cache = cacheName is not null ? catalog.StatusCaches.GetValueOrDefault(cacheName) : null;
        var retryName = Named(RouteMetadataKeys.Retry);
        var retry = retryName is not null && catalog.Retries.TryGetValue(retryName, out var r) && r.MaxRetries > 0 ? r : null;
        return new RoutePolicies
        {
            Catalog = catalog,
            QuotaName = quota is null ? null : quotaName,
            Quota = quota,
            DuplicateGuardName = guardName,
            DuplicateGuard = guard,
            StatusCacheName = cache is null ? null : cacheName,
            StatusCache = cache,
            RetryName = retry is null ? null : retryName,
            Retry = retry,
        };
    }
}
