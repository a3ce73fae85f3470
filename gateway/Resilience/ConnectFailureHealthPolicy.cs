using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace EdgeGateway.Resilience;

/// <summary>
/// The passive health policy <c>"ConnectFailure"</c> for the WeChat Pay cluster: a destination that could not
/// be connected to (the resilience handler already sent the request to the other one) is taken out of
/// rotation for the cluster's <c>HealthCheck.Passive.ReactivationPeriod</c>, then tried again. Only
/// network-level failures count: a slow answer, a 5xx or a business error never move traffic (PROTOCOL.md §7).
/// </summary>
internal sealed class ConnectFailureHealthPolicy(IDestinationHealthUpdater healthUpdater, IOptionsMonitor<ResilienceOptions> options) : IPassiveHealthCheckPolicy
{
    public const string PolicyName = "ConnectFailure";

    public string Name => PolicyName;

    public void RequestProxied(HttpContext context, ClusterState cluster, DestinationState destination)
    {
        if (context.Features.Get<UpstreamCall>() is not { } call)
        {
            return;
        }

        var reactivation = cluster.Model.Config.HealthCheck?.Passive?.ReactivationPeriod ?? options.CurrentValue.DefaultReactivationPeriod;
        var unreachable = call.Unreachable;
        foreach (var failed in unreachable)
        {
            healthUpdater.SetPassive(cluster, failed, DestinationHealth.Unhealthy, reactivation);
        }

        // The destination that answered (at the HTTP level, whatever the status) is reachable.
        var answered = call.FailedOverTo ?? call.Destination;
        if (!unreachable.Contains(answered) && context.Features.Get<Yarp.ReverseProxy.Forwarder.IForwarderErrorFeature>() is null)
        {
            healthUpdater.SetPassive(cluster, answered, DestinationHealth.Healthy, reactivation);
        }
    }
}
