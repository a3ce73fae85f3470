using Yarp.ReverseProxy.Configuration;

namespace EdgeGateway.Configuration.Rules;

/// <summary>What the route and cluster rules share: how they name what they report, and which clusters are WeChat Pay's.</summary>
internal static class RouteRules
{
    public const string WeChatPayTransformKey = "WeChatPay";

    public static string Subject(RouteConfig route) => $"route '{route.RouteId}'";

    public static string Subject(ClusterConfig cluster) => $"cluster '{cluster.ClusterId}'";

    public static void Report(GatewayConfigValidationContext context, RouteConfig route, string message) =>
        context.Report(GatewayConfigValidationContext.RoutesFile, Subject(route), message);

    public static void Report(GatewayConfigValidationContext context, ClusterConfig cluster, string message) =>
        context.Report(GatewayConfigValidationContext.RoutesFile, Subject(cluster), message);

    /// <summary>A cluster of WeChat Pay destinations: <c>"Metadata": {"Upstream": "WeChatPay"}</c> (the sandbox and certificate download use the same mark).</summary>
    public static bool IsWeChatPay(ClusterConfig cluster) =>
        cluster.Metadata?.TryGetValue("Upstream", out var upstream) == true && string.Equals(upstream, "WeChatPay", StringComparison.OrdinalIgnoreCase);

    /// <summary>The WeChatPay transform's mode on a route, or null when it has none.</summary>
    public static string? WeChatPayMode(RouteConfig route) =>
        route.Transforms?.Select(t => t.TryGetValue(WeChatPayTransformKey, out var mode) ? mode : null).FirstOrDefault(m => m is not null);

    public static string Names(IEnumerable<string> names)
    {
        var text = string.Join(", ", names.Order(StringComparer.Ordinal));
        return text.Length == 0 ? "none" : text;
    }
}
