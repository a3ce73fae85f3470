using EdgeGateway.Configuration;
using EdgeGateway.Proxy;
using Yarp.ReverseProxy.Model;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace EdgeGateway.Resilience;

/// <summary>
/// Gives every route a request transform that hands the resilience handler below YARP its
/// <see cref="UpstreamCall"/>: the handler sees only an <see cref="HttpRequestMessage"/>, so the route, the
/// chosen destination, the buffered body and the retry policy travel in <see cref="HttpRequestMessage.Options"/>.
/// It changes nothing that is signed, so its place among the transforms does not matter.
/// </summary>
internal sealed class UpstreamCallTransformProvider(PolicyCatalogProvider catalog) : ITransformProvider
{
    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        var routeId = context.Route.RouteId;
        context.AddRequestTransform(transform =>
        {
            var feature = transform.HttpContext.GetReverseProxyFeature();
            var cluster = transform.HttpContext.GetRouteModel().Cluster;
            if (cluster is null || feature.ProxiedDestination is not { } destination)
            {
                return ValueTask.CompletedTask;
            }

            var (retryName, retry) = QueryRetryPolicy(transform.HttpContext.Request.Method, feature.Route.Config.Metadata);
            var call = new UpstreamCall
            {
                RouteId = routeId,
                Cluster = cluster,
                Destination = destination,
                Body = transform.HttpContext.Features.Get<GatewayRequest>()?.Body,
                Retry = retry,
                RetryPolicyName = retryName,
            };
            transform.HttpContext.Features.Set(call);
            transform.ProxyRequest.Options.Set(UpstreamCall.RequestOptionsKey, call);
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>Only queries are retried (PROTOCOL.md §6.3): a money-moving POST never is, whatever the route names.</summary>
    private (string? Name, RetryPolicy? Policy) QueryRetryPolicy(string method, IReadOnlyDictionary<string, string>? metadata)
    {
        if (!HttpMethods.IsGet(method) || metadata is null || !metadata.TryGetValue(RouteMetadataKeys.Retry, out var name))
        {
            return (null, null);
        }

        return catalog.Current.Retries.TryGetValue(name, out var policy) && policy.MaxRetries > 0 ? (name, policy) : (null, null);
    }
}
