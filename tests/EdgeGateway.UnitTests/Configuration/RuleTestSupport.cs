using EdgeGateway.Configuration;
using Microsoft.Extensions.Configuration;
using Yarp.ReverseProxy.Configuration;

namespace EdgeGateway.UnitTests.Configuration;

/// <summary>Builds routes, clusters and contexts for the configuration rule tests.</summary>
internal static class RuleTestSupport
{
    public static RouteConfig Route(string id = "pay-query", string? cluster = "wechatpay", string path = "/v3/pay/transactions/id/{id}", string method = "GET",
        TimeSpan? timeout = null, string? rateLimit = "standard", string? weChatPay = "SignAndVerify", params (string Key, string Value)[] metadata) => new()
    {
        RouteId = id,
        ClusterId = cluster,
        Match = new RouteMatch { Path = path, Methods = [method] },
        Timeout = timeout ?? TimeSpan.FromSeconds(5),
        RateLimiterPolicy = rateLimit,
        Transforms = weChatPay is null ? null : [new Dictionary<string, string> { ["WeChatPay"] = weChatPay }],
        Metadata = metadata.Length == 0 ? null : metadata.ToDictionary(m => m.Key, m => m.Value),
    };

    public static ClusterConfig Cluster(string id = "wechatpay", bool weChatPay = true, params (string Id, string Address)[] destinations) => new()
    {
        ClusterId = id,
        Metadata = weChatPay ? new Dictionary<string, string> { ["Upstream"] = "WeChatPay" } : null,
        Destinations = (destinations.Length == 0 ? [("primary", "https://api.mch.weixin.qq.com/")] : destinations)
            .ToDictionary(d => d.Id, d => new DestinationConfig { Address = d.Address }),
    };

    public static GatewayConfigValidationContext Context(IEnumerable<RouteConfig>? routes = null, IEnumerable<ClusterConfig>? clusters = null,
        PolicyCatalog? policies = null, bool allowsInsecureUpstreams = false) => new()
    {
        Routes = [.. routes ?? []],
        Clusters = [.. clusters ?? [Cluster()]],
        Policies = policies ?? new PolicyCatalog { RateLimits = { ["standard"] = new() } },
        AllowsInsecureUpstreams = allowsInsecureUpstreams,
    };

    public static IReadOnlyList<string> Check(IGatewayConfigValidator validator, GatewayConfigValidationContext context)
    {
        validator.Validate(context);
        return [.. context.Problems.Select(p => p.ToString())];
    }

    public static IConfiguration Config(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
