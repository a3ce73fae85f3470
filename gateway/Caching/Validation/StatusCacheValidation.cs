using EdgeGateway.Configuration;

namespace EdgeGateway.Caching.Validation;

internal static class StatusCacheValidation
{
    public static void ReportPolicy(GatewayConfigValidationContext context, string name, string message) =>
        context.Report(GatewayConfigValidationContext.PoliciesFile, $"Policies.StatusCaches.{name}", message);

    public static void ReportRoute(GatewayConfigValidationContext context, string routeId, string message) =>
        context.Report(GatewayConfigValidationContext.RoutesFile, $"route '{routeId}'", message);

    /// <summary>The routes that name a status cache policy.</summary>
    public static IEnumerable<Yarp.ReverseProxy.Configuration.RouteConfig> CachingRoutes(GatewayConfigValidationContext context) =>
        context.Routes.Where(r => r.Metadata?.ContainsKey(RouteMetadataKeys.StatusCache) == true);
}
