using EdgeGateway.Configuration.Files;
using Yarp.ReverseProxy.Configuration;

namespace EdgeGateway.Configuration;

/// <summary>The active configuration: the catalogue as declared, its version (hash), when it was loaded, and what it was read from.</summary>
public sealed record ActiveCatalog(PolicyCatalog Catalog, string Version, DateTimeOffset LoadedAt, IReadOnlyList<RouteConfig> Routes,
    IReadOnlyList<ClusterConfig> Clusters, IReadOnlyList<ConfigFileState> Files);
