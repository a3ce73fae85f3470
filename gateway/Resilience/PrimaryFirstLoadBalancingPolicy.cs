using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace EdgeGateway.Resilience;

/// <summary>
/// WeChat Pay's domains are a primary and a remote backup (PROTOCOL.md §7), not a pool: send everything
/// to a healthy destination not marked <c>"Role": "backup"</c>, and to the backup only while no primary is
/// available. Set <c>"LoadBalancingPolicy": "PrimaryFirst"</c> on the cluster.
/// </summary>
internal sealed class PrimaryFirstLoadBalancingPolicy : ILoadBalancingPolicy
{
    public const string PolicyName = "PrimaryFirst";

    public string Name => PolicyName;

    public DestinationState? PickDestination(HttpContext context, ClusterState cluster, IReadOnlyList<DestinationState> availableDestinations)
    {
        DestinationState? backup = null;
        foreach (var destination in availableDestinations)
        {
            if (!IsBackup(destination))
            {
                return destination;
            }

            backup ??= destination;
        }

        return backup;
    }

    public static bool IsBackup(DestinationState destination) =>
        destination.Model.Config.Metadata?.TryGetValue("Role", out var role) == true && string.Equals(role, "backup", StringComparison.OrdinalIgnoreCase);
}
