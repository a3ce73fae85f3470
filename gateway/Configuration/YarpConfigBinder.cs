using Yarp.ReverseProxy.Configuration;

namespace EdgeGateway.Configuration;

/// <summary>
/// Reads routes and clusters from the <c>ReverseProxy</c> section exactly as YARP's own configuration provider
/// does (it is YARP's provider, created for one read and disposed), so the gateway validates what YARP would
/// load. YARP itself is fed only validated snapshots, by <see cref="ValidatedProxyConfigProvider"/>.
/// </summary>
internal sealed class YarpConfigBinder(Func<IServiceProvider, object> createProvider, IServiceProvider services)
{
    /// <summary>The routes and clusters the configuration holds now; throws what YARP throws for a value it cannot read.</summary>
    public (IReadOnlyList<RouteConfig> Routes, IReadOnlyList<ClusterConfig> Clusters) Read()
    {
        var provider = (IProxyConfigProvider)createProvider(services);
        try
        {
            var config = provider.GetConfig();
            return ([.. config.Routes], [.. config.Clusters]);
        }
        finally
        {
            (provider as IDisposable)?.Dispose();
        }
    }
}
