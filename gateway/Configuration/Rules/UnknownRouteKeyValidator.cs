using Yarp.ReverseProxy.Configuration;

namespace EdgeGateway.Configuration.Rules;

/// <summary>
/// Every key of ReverseProxy, its routes and clusters is one YARP reads (a misspelt "Timout" would leave the route
/// without a timeout). Route Metadata is checked by <see cref="UnknownRouteMetadataKeyValidator"/>; transforms by YARP.
/// </summary>
internal sealed class UnknownRouteKeyValidator(IConfiguration configuration) : IGatewayConfigValidator
{
    public void Validate(GatewayConfigValidationContext context)
    {
        var proxy = configuration.GetSection("ReverseProxy");
        foreach (var child in proxy.GetChildren().Where(c => c.Key is not ("Routes" or "Clusters")))
        {
            context.Report(GatewayConfigValidationContext.RoutesFile, "ReverseProxy", new UnknownKeys.Finding(child.Key, child.Key, ["Clusters", "Routes"]).Describe("a key YARP reads"));
        }

        foreach (var route in proxy.GetSection("Routes").GetChildren())
        {
            foreach (var finding in UnknownKeys.Find(route, typeof(RouteConfig), nameof(RouteConfig.Metadata), nameof(RouteConfig.Transforms)))
            {
                context.Report(GatewayConfigValidationContext.RoutesFile, $"route '{route.Key}'", finding.Describe("a key YARP reads"));
            }
        }

        foreach (var cluster in proxy.GetSection("Clusters").GetChildren())
        {
            foreach (var finding in UnknownKeys.Find(cluster, typeof(ClusterConfig), nameof(ClusterConfig.Metadata)))
            {
                context.Report(GatewayConfigValidationContext.RoutesFile, $"cluster '{cluster.Key}'", finding.Describe("a key YARP reads"));
            }
        }
    }
}
