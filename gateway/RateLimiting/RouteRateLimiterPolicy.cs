using System.Threading.RateLimiting;
using EdgeGateway.Configuration;
using Microsoft.AspNetCore.RateLimiting;
using Yarp.ReverseProxy.Model;

namespace EdgeGateway.RateLimiting;

/// <summary>
/// One named policy of <c>Policies.RateLimits</c>, as the framework's rate limiter sees it. Its settings are read
/// from the active policy catalogue on every request, so an edited limit applies without a restart; each route
/// naming the policy gets its own partition (the limits are per route and per gateway instance).
/// </summary>
internal sealed class RouteRateLimiterPolicy(string name, PolicyCatalogProvider catalog) : IRateLimiterPolicy<RouteLimiterKey>
{
    private static readonly RateLimitPolicy Defaults = new();

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => null;

    public RateLimitPartition<RouteLimiterKey> GetPartition(HttpContext httpContext)
    {
        var routeId = RouteId(httpContext);
        // A reload that drops a policy still named by a route is refused by validation; the defaults only cover a
        // route that reached the limiter before the catalogue knew its policy.
        var settings = catalog.Current.RateLimits.GetValueOrDefault(name) ?? Defaults;
        var key = new RouteLimiterKey(routeId, settings.PermitsPerSecond, settings.Burst ?? settings.PermitsPerSecond, settings.ConcurrencyLimit);
        return RateLimitPartition.Get(key, RouteLimiterFactory.Create);
    }

    public static string RouteId(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>()?.Config.RouteId ?? context.GetEndpoint()?.DisplayName ?? "unknown";
}
