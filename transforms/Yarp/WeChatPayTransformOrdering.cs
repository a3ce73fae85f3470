using Yarp.ReverseProxy.Transforms.Builder;

namespace EdgeGateway.Transforms.Yarp;

/// <summary>
/// Moves the request transform to the end of each route's request transforms. Providers run after the
/// route's configured transforms, so whatever order a route lists its transforms in, nothing can change
/// the request after it was signed (docs/DESIGN.md, "Sign what is sent").
/// </summary>
internal sealed class WeChatPayTransformOrdering : ITransformProvider
{
    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        var transforms = context.RequestTransforms;
        var shaping = transforms.OfType<WeChatPayRequestTransform>().ToList();
        if (shaping.Count == 0)
        {
            return;
        }

        foreach (var transform in shaping)
        {
            transforms.Remove(transform);
        }

        transforms.Add(shaping[^1]);
    }
}
