using EdgeGateway.Configuration;
using Yarp.ReverseProxy.Configuration;

namespace EdgeGateway.Callers;

/// <summary>The groups a route belongs to: its <c>Metadata.Group</c>, comma-separated.</summary>
internal static class RouteGroups
{
    public static IReadOnlyList<string> Of(RouteConfig route) =>
        route.Metadata is not null && route.Metadata.TryGetValue(RouteMetadataKeys.Group, out var groups)
            ? groups.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
}
