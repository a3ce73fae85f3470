using EdgeGateway.Configuration;
using EdgeGateway.Transforms.Yarp;

namespace EdgeGateway.Caching.Validation;

/// <summary>Only verified answers may be shared or cached: a route naming a status cache must verify its answers.</summary>
internal sealed class StatusCacheRouteTransformValidator : IGatewayConfigValidator
{
    public void Validate(GatewayConfigValidationContext context)
    {
        foreach (var route in StatusCacheValidation.CachingRoutes(context))
        {
            var verifies = route.Transforms?.Any(t => t.TryGetValue(WeChatPayTransformFactory.Key, out var mode)
                                                      && mode == nameof(WeChatPayMode.SignAndVerify)) == true;
            if (!verifies)
            {
                StatusCacheValidation.ReportRoute(context, route.RouteId,
                    "Metadata.StatusCache is set but the route does not use {\"WeChatPay\": \"SignAndVerify\"}; only verified answers may be shared or cached: add that transform or remove Metadata.StatusCache.");
            }
        }
    }
}
