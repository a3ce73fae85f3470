using Yarp.ReverseProxy.Configuration;

namespace EdgeGateway.Configuration;

/// <summary>
/// The only source of routes and clusters YARP sees: the snapshot <see cref="PolicyCatalogProvider"/> validated
/// together with the policies. A configuration that fails validation never reaches YARP, so routes and the
/// policies they name change together or not at all.
/// </summary>
internal sealed class ValidatedProxyConfigProvider(PolicyCatalogProvider configuration) : IProxyConfigProvider
{
    public IProxyConfig GetConfig() => configuration.ProxyConfig;
}
