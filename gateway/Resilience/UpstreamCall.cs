using EdgeGateway.Configuration;
using Yarp.ReverseProxy.Model;

namespace EdgeGateway.Resilience;

/// <summary>
/// What the handler below YARP needs to know about the request it is sending, and what it found out:
/// created per request by <see cref="UpstreamCallTransformProvider"/>, carried on the outgoing
/// <see cref="HttpRequestMessage.Options"/> and on <c>HttpContext.Features</c> (for the passive health policy).
/// </summary>
internal sealed class UpstreamCall
{
    public static readonly HttpRequestOptionsKey<UpstreamCall> RequestOptionsKey = new("EdgeGateway.UpstreamCall");

    private readonly List<DestinationState> _unreachable = [];

    public required string RouteId { get; init; }

    public required ClusterState Cluster { get; init; }

    /// <summary>The destination YARP chose (the primary while it is available).</summary>
    public required DestinationState Destination { get; init; }

    /// <summary>
    /// The exact body bytes forwarded: what a connect-failure resend to the other destination sends again.
    /// Null when the request was not prepared by the gateway; such a request with a body is never re-sent.
    /// </summary>
    public required ReadOnlyMemory<byte>? Body { get; init; }

    /// <summary>The query retry policy; null when the request must not be retried (every non-GET, or none configured).</summary>
    public RetryPolicy? Retry { get; init; }

    /// <summary>The name of <see cref="Retry"/> in the catalogue: with the cluster, it picks the retry budget.</summary>
    public string? RetryPolicyName { get; init; }

    /// <summary>Output: destinations that could not be connected to during this request.</summary>
    public IReadOnlyList<DestinationState> Unreachable
    {
        get
        {
            lock (_unreachable)
            {
                return [.. _unreachable];
            }
        }
    }

    /// <summary>Output: the destination whose answer was returned, when it was not <see cref="Destination"/>.</summary>
    public DestinationState? FailedOverTo { get; set; }

    public void MarkUnreachable(DestinationState destination)
    {
        lock (_unreachable)
        {
            if (!_unreachable.Contains(destination))
            {
                _unreachable.Add(destination);
            }
        }
    }

    /// <summary>
    /// The destination to try once when <paramref name="current"/> cannot be connected to: a backup when the
    /// current one is not a backup, otherwise any other destination of the cluster (the primary may be back).
    /// </summary>
    public DestinationState? AlternativeTo(DestinationState current)
    {
        DestinationState? other = null;
        foreach (var candidate in Cluster.DestinationsState.AllDestinations)
        {
            if (ReferenceEquals(candidate, current) || candidate.Model is null)
            {
                continue;
            }

            if (!PrimaryFirstLoadBalancingPolicy.IsBackup(current) && PrimaryFirstLoadBalancingPolicy.IsBackup(candidate))
            {
                return candidate;
            }

            other ??= candidate;
        }

        return other;
    }
}
