using EdgeGateway.Configuration;
using Yarp.ReverseProxy.Configuration;

namespace EdgeGateway.Proxy;

/// <summary>The largest body a route accepts: its <c>Metadata.MaxRequestBodyBytes</c>, else <c>EdgeGateway:MaxRequestBodyBytes</c>.</summary>
internal static class RouteBodyLimit
{
    public static long For(RouteConfig route, GatewayOptions options) =>
        route.Metadata is not null && route.Metadata.TryGetValue(RouteMetadataKeys.MaxRequestBodyBytes, out var text) && long.TryParse(text, out var value) && value > 0
            ? value
            : options.MaxRequestBodyBytes;
}
