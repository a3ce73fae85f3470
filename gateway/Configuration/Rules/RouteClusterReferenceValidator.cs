namespace EdgeGateway.Configuration.Rules;

/// <summary>Every route sends to a cluster that exists (YARP would accept the route and answer 503 to every request).</summary>
internal sealed class RouteClusterReferenceValidator : IGatewayConfigValidator
{
    public void Validate(GatewayConfigValidationContext context)
    {
        var clusters = context.Clusters.Select(c => c.ClusterId).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var route in context.Routes)
        {
            if (string.IsNullOrWhiteSpace(route.ClusterId))
            {
                RouteRules.Report(context, route,
                    $"names no ClusterId, so it could not forward anything; set \"ClusterId\" to a cluster of ReverseProxy.Clusters (defined: {RouteRules.Names(clusters)}).");
            }
            else if (!clusters.Contains(route.ClusterId))
            {
                RouteRules.Report(context, route,
                    $"ClusterId names '{route.ClusterId}', which is not a cluster in ReverseProxy.Clusters (defined: {RouteRules.Names(clusters)}); add the cluster or use one of those.");
            }
        }
    }
}
