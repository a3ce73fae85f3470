using EdgeGateway.Configuration;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Transforms.Builder;

namespace EdgeGateway.Resilience;

internal static class ResilienceExtensions
{
    /// <summary>Per-route circuit breakers, query retries and failover below YARP, and their validation rules.</summary>
    public static WebApplicationBuilder AddResilience(this WebApplicationBuilder builder)
    {
        builder.AddValidatedOptions<ResilienceOptions, ResilienceOptionsValidator>(ResilienceOptions.SectionName);
        builder.Services.AddSingleton<ResilienceMetrics>();
        builder.Services.AddSingleton<RouteCircuitBreakers>();
        builder.Services.AddSingleton<QueryRetryPipelines>();
        builder.Services.AddSingleton<RetryBudgets>();
        builder.Services.AddSingleton<IForwarderHttpClientFactory, ResilientForwarderHttpClientFactory>();
        builder.Services.AddSingleton<ConnectFailureHealthPolicy>();
        builder.Services.AddSingleton<IPassiveHealthCheckPolicy>(sp => sp.GetRequiredService<ConnectFailureHealthPolicy>());
        builder.Services.AddSingleton<ITransformProvider, UpstreamCallTransformProvider>();
        builder.Services.AddSingleton<IGatewayConfigValidator, CircuitBreakerPolicyValidator>();
        builder.Services.AddSingleton<IGatewayConfigValidator, RetryPolicyValidator>();
        builder.Services.AddSingleton<IGatewayConfigValidator, RetryBudgetValidator>();
        builder.Services.AddSingleton<IGatewayConfigValidator, RetryOnlyOnQueriesValidator>();
        return builder;
    }

    /// <summary>The route's circuit breaker around balancing and forwarding: the last of the gateway's own proxy steps.</summary>
    public static IApplicationBuilder UseCircuitBreakers(this IApplicationBuilder proxy) => proxy.UseMiddleware<CircuitBreakerMiddleware>();

    /// <summary>
    /// <c>GET /resilience</c> on the management listener: each route's breaker state and each destination's
    /// health, so an operator sees at a glance what is open and whether traffic is on the backup.
    /// </summary>
    public static IEndpointRouteBuilder MapResilience(this IEndpointRouteBuilder management)
    {
        management.MapGet("/resilience", (RouteCircuitBreakers breakers, IProxyStateLookup proxy) => TypedResults.Ok(new
        {
            circuit_breakers = breakers.All.OrderBy(b => b.RouteId, StringComparer.Ordinal).Select(b => new
            {
                route = b.RouteId,
                policy = b.Settings.PolicyName,
                state = b.State.ToString(),
            }),
            clusters = proxy.GetClusters().OrderBy(c => c.ClusterId, StringComparer.Ordinal).Select(c => new
            {
                cluster = c.ClusterId,
                destinations = c.Destinations.Values.OrderBy(d => d.DestinationId, StringComparer.Ordinal).Select(d => new
                {
                    destination = d.DestinationId,
                    role = PrimaryFirstLoadBalancingPolicy.IsBackup(d) ? "backup" : "primary",
                    available = c.DestinationsState.AvailableDestinations.Contains(d),
                    passive_health = d.Health.Passive.ToString(),
                    active_health = d.Health.Active.ToString(),
                }),
            }),
        }));
        return management;
    }
}
