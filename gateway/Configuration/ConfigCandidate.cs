using Yarp.ReverseProxy.Configuration;

namespace EdgeGateway.Configuration;

/// <summary>A configuration as read and checked, not (yet) active.</summary>
public sealed record ConfigCandidate(PolicyCatalog Catalog, IReadOnlyList<RouteConfig> Routes, IReadOnlyList<ClusterConfig> Clusters, string Version,
    IReadOnlyList<ConfigProblem> Problems);
