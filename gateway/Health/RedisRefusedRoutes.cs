using EdgeGateway.Configuration;

namespace EdgeGateway.Health;

/// <summary>
/// The routes that answer 503 while Redis is away: those naming a FailClosed quota or a FailClosed duplicate guard.
/// Everything else keeps serving (fail-open quotas, the status cache falling through), which is why Redis away is
/// Degraded, not Unhealthy; the list tells the operator exactly what is refused meanwhile.
/// </summary>
internal static class RedisRefusedRoutes
{
    public static string[] Of(ActiveCatalog active) =>
        [.. active.Routes.Where(route => route.Metadata is { } metadata && (
                (metadata.TryGetValue(RouteMetadataKeys.Quota, out var quota) && active.Catalog.Quotas.TryGetValue(quota, out var q) && q.OnRedisFailure == RedisFailureMode.FailClosed)
                || (metadata.TryGetValue(RouteMetadataKeys.DuplicateGuard, out var guard) && active.Catalog.DuplicateGuards.TryGetValue(guard, out var g) && g.OnRedisFailure == RedisFailureMode.FailClosed)))
            .Select(route => route.RouteId)
            .Order(StringComparer.Ordinal)];
}
