using Yarp.ReverseProxy.Configuration;

namespace EdgeGateway.Configuration;

/// <summary>What a validator sees: a candidate configuration, and the list its problems go into.</summary>
public sealed class GatewayConfigValidationContext
{
    public const string RoutesFile = "config/routes.json";
    public const string PoliciesFile = "config/policies.json";

    private readonly List<ConfigProblem> _problems = [];

    public required PolicyCatalog Policies { get; init; }

    public required IReadOnlyList<RouteConfig> Routes { get; init; }

    public required IReadOnlyList<ClusterConfig> Clusters { get; init; }

    /// <summary>True in the sandbox or the Development environment, where plain-HTTP upstreams are allowed.</summary>
    public bool AllowsInsecureUpstreams { get; init; }

    public IReadOnlyList<ConfigProblem> Problems => _problems;

    public void Report(string file, string subject, string message) => _problems.Add(new ConfigProblem(file, subject, message));
}
