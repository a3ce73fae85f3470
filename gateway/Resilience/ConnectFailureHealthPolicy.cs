using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace EdgeGateway.Resilience;

/// <summary>
/// The passive health policy <c>"ConnectFailure"</c> for the WeChat Pay cluster: a destination that could not
/// be connected to is taken out of rotation for the cluster's <c>HealthCheck.Passive.ReactivationPeriod</c>,
/// then tried again. The resilience handler reports it the moment the connection fails (so concurrent requests
/// stop choosing it), and the request goes to the other destination. Only network-level failures count: a
/// slow answer, a 5xx or a business error never move traffic (PROTOCOL.md §7).
/// </summary>
internal sealed class ConnectFailureHealthPolicy(IDestinationHealthUpdater healthUpdater, IOptionsMonitor<ResilienceOptions> options) : IPassiveHealthCheckPolicy
{
    public const string PolicyName = "ConnectFailure";

    public string Name => PolicyName;

    /// <summary>Takes a destination that refused or never accepted a connection out of rotation for the reactivation period.</summary>
    public void MarkUnreachable(ClusterState cluster, DestinationState destination)
    {
        if (cluster.Model.Config.HealthCheck?.Passive?.Enabled == true)
        {
            healthUpdater.SetPassive(cluster, destination, DestinationHealth.Unhealthy, ReactivationPeriod(cluster));
        }
    }

    /// <summary>After the request: the destination that answered (at the HTTP level, whatever the status) is reachable.</summary>
    public void RequestProxied(HttpContext context, ClusterState cluster, DestinationState destination)
    {
        if (context.Features.Get<UpstreamCall>() is not { } call || context.Features.Get<IForwarderErrorFeature>() is not null)
        {
            return;
        }

        var answered = call.FailedOverTo ?? call.Destination;
        if (!call.Unreachable.Contains(answered))
        {
            healthUpdater.SetPassive(cluster, answered, DestinationHealth.Healthy, ReactivationPeriod(cluster));
        }
    }

    private TimeSpan ReactivationPeriod(ClusterState cluster) =>
        cluster.Model.Config.HealthCheck?.Passive?.ReactivationPeriod ?? options.CurrentValue.DefaultReactivationPeriod;
}
