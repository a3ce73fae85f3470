using EdgeGateway.Configuration;
using Yarp.ReverseProxy.Configuration;

namespace EdgeGateway.RateLimiting;

/// <summary>
/// Refuses a route that names a rate-limit policy added after start. The framework's limiter takes its policy
/// names once, and would fail every request of such a route; refusing the route instead makes YARP keep the
/// previous routes and log why, until the gateway is restarted.
/// </summary>
internal sealed class RateLimitPolicyRegisteredFilter(RegisteredRateLimitPolicies registered) : IProxyConfigFilter
{
    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel) => ValueTask.FromResult(cluster);

    public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel)
    {
        if (route.RateLimiterPolicy is { } name && !RoutePolicyReferenceValidator.IsBuiltInRateLimiterPolicy(name) && !registered.Names.Contains(name))
        {
            throw new InvalidOperationException(
                $"{GatewayConfigValidationContext.RoutesFile}: route '{route.RouteId}': RateLimiterPolicy names '{name}', which was not in {GatewayConfigValidationContext.PoliciesFile} when the gateway started; rate-limit policy names are read at start, so restart the gateway to use it (changed limits of existing policies apply without a restart).");
        }

        return ValueTask.FromResult(route);
    }
}
