using Yarp.ReverseProxy.Configuration;

namespace EdgeGateway.Configuration;

/// <summary>
/// YARP's own checks of routes and clusters (path patterns, transforms, load-balancing and health policies,
/// timeout policies…), run with the gateway's rules so their findings land in the same list, at start and on
/// every reload, instead of surfacing later as a different exception or a log line.
/// </summary>
internal static class YarpChecks
{
    public static IReadOnlyList<ConfigProblem> Run(IServiceProvider services, IReadOnlyList<RouteConfig> routes, IReadOnlyList<ClusterConfig> clusters)
    {
        // Resolved here, not injected: YARP's validator depends on the transform providers, some of which read the catalogue.
        var validator = services.GetRequiredService<IConfigValidator>();
        var filters = services.GetServices<IProxyConfigFilter>().ToArray();
        var problems = new List<ConfigProblem>();
        var byId = new Dictionary<string, ClusterConfig>(StringComparer.OrdinalIgnoreCase);
        foreach (var original in clusters)
        {
            var subject = $"cluster '{original.ClusterId}'";
            try
            {
                var cluster = original;
                foreach (var filter in filters)
                {
                    cluster = filter.ConfigureClusterAsync(cluster, CancellationToken.None).AsTask().GetAwaiter().GetResult();
                }

                byId[cluster.ClusterId] = cluster;
                Add(problems, subject, validator.ValidateClusterAsync(cluster).AsTask().GetAwaiter().GetResult());
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException)
            {
                problems.Add(new ConfigProblem(GatewayConfigValidationContext.RoutesFile, subject, PolicyCatalogProvider.Describe(ex) + "."));
            }
        }

        foreach (var original in routes)
        {
            var subject = $"route '{original.RouteId}'";
            try
            {
                var route = original;
                foreach (var filter in filters)
                {
                    route = filter.ConfigureRouteAsync(route, route.ClusterId is null ? null : byId.GetValueOrDefault(route.ClusterId), CancellationToken.None)
                        .AsTask().GetAwaiter().GetResult();
                }

                // Rate-limit policy names are the gateway's rules' to judge (with a message that says what to do); YARP
                // would repeat them in its own words.
                Add(problems, subject, validator.ValidateRouteAsync(route with { RateLimiterPolicy = null }).AsTask().GetAwaiter().GetResult());
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException)
            {
                problems.Add(new ConfigProblem(GatewayConfigValidationContext.RoutesFile, subject, PolicyCatalogProvider.Describe(ex) + "."));
            }
        }

        return problems;
    }

    private static void Add(List<ConfigProblem> problems, string subject, IList<Exception> errors)
    {
        foreach (var error in errors)
        {
            problems.Add(new ConfigProblem(GatewayConfigValidationContext.RoutesFile, subject, $"{PolicyCatalogProvider.Describe(error)} (YARP's check)."));
        }
    }
}
