using EdgeGateway.Requests;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace EdgeGateway.Resilience;

/// <summary>
/// Gives every route a request transform that hands the resilience handler below YARP its
/// <see cref="UpstreamCall"/>: the handler sees only an <see cref="HttpRequestMessage"/>, so the destination YARP chose
/// (known only here) and what the prepared request says about re-sending — its body, its retry policy — travel in
/// <see cref="HttpRequestMessage.Options"/>. It changes nothing that is signed, so its place among the transforms does not matter.
/// </summary>
internal sealed class UpstreamCallTransformProvider : ITransformProvider
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

            var request = transform.HttpContext.Features.Get<PreparedRequest>();
            // Only queries are retried (docs/PROTOCOL.md §6.3): a money-moving POST never is, whatever the route names.
            var retry = HttpMethods.IsGet(transform.HttpContext.Request.Method) ? request?.Policies : null;
            var call = new UpstreamCall
            {
                RouteId = routeId,
                Cluster = cluster,
                Destination = destination,
                Body = request?.Body,
                Retry = retry?.Retry,
                RetryPolicyName = retry?.RetryName,
            };
            transform.HttpContext.Features.Set(call);
            transform.ProxyRequest.Options.Set(UpstreamCall.RequestOptionsKey, call);
            return ValueTask.CompletedTask;
        });
    }
}
