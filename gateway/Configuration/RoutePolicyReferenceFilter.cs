using Yarp.ReverseProxy.Configuration;

namespace EdgeGateway.Configuration;

/// <summary>
/// Makes YARP refuse a route whose policy names do not resolve, checked against the catalogue as the
/// configuration holds it now (so a route and the policy it needs may arrive in the same edit). YARP then
/// keeps the previous routes on a reload, and refuses to start on the first load.
/// </summary>
internal sealed class RoutePolicyReferenceFilter(IConfiguration configuration) : IProxyConfigFilter
{
    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel) => ValueTask.FromResult(cluster);

    public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel)
    {
        var context = new GatewayConfigValidationContext
        {
            Policies = PolicyCatalogProvider.Bind(configuration),
            Routes = [route],
            Clusters = cluster is null ? [] : [cluster],
        };
        new RoutePolicyReferenceValidator().Validate(context);
        if (context.Problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, context.Problems));
        }

        return ValueTask.FromResult(route);
    }
}
