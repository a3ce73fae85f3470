using System.Text.Json.Nodes;
using EdgeGateway.Configuration;
using EdgeGateway.IntegrationTests.Infrastructure;

namespace EdgeGateway.IntegrationTests.Caching;

/// <summary>The shipped status cache configuration, and the start-up checks of its rules.</summary>
public sealed class StatusCacheConfigurationTests
{
    [Theory]
    [InlineData("pay-query-by-out-trade-no", "orders")]
    [InlineData("pay-query-by-transaction-id", "orders")]
    [InlineData("pay-close", "orders")]
    [InlineData("refund-query", "refunds")]
    [InlineData("refund-create", "refunds")]
    [InlineData("partner-pay-query-by-out-trade-no", "orders")]
    [InlineData("partner-pay-query-by-transaction-id", "orders")]
    [InlineData("partner-pay-close", "orders")]
    public void ShippedRoutes_NameTheirStatusCache(string routeId, string policy)
    {
        var routes = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "config", "routes.json")))!["ReverseProxy"]!["Routes"]!;
        var policies = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "config", "policies.json")))!["Policies"]!["StatusCaches"]!;

        Assert.Equal(policy, (string?)routes[routeId]!["Metadata"]!["StatusCache"]);
        Assert.Equal("00:00:01", (string?)policies[policy]!["NonFinalTtl"]);
        Assert.Equal("00:05:00", (string?)policies[policy]!["FinalTtl"]);
        Assert.True((bool?)policies[policy]!["Coalesce"]);
    }

    [Fact]
    public void ShippedConfiguration_CachesNoOtherRoute()
    {
        var routes = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "config", "routes.json")))!["ReverseProxy"]!["Routes"]!.AsObject();

        var caching = routes.Where(r => r.Value!["Metadata"]?["StatusCache"] is not null).Select(r => r.Key).Order();

        Assert.Equal(["partner-pay-close", "partner-pay-query-by-out-trade-no", "partner-pay-query-by-transaction-id",
            "pay-close", "pay-query-by-out-trade-no", "pay-query-by-transaction-id", "refund-abnormal", "refund-create", "refund-query"], caching);
    }

    [Fact]
    public async Task Startup_InvalidStatusCacheConfiguration_FailsListingEveryProblem()
    {
        var ex = await Assert.ThrowsAsync<GatewayConfigurationException>(() => GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Policies:StatusCaches:orders:FinalTtl"] = "00:10:00",
            ["ReverseProxy:Routes:refund-query:Timeout"] = "00:02:00",
            ["ReverseProxy:Routes:pay-query-by-transaction-id:Transforms:0:WeChatPay"] = "SignOnly",
        }));

        Assert.Contains("config/policies.json: Policies.StatusCaches.orders: FinalTtl is 00:10:00; use 00:00:00 (keep nothing) to 00:05:00: a cached answer keeps WeChat Pay's signature, which clients verifying it accept for 5 minutes.", ex.Errors);
        Assert.Contains("config/routes.json: route 'refund-query': Metadata.StatusCache needs a Timeout from 00:00:00.001 to 00:01:00 (it has 00:02:00); requests waiting for an identical query wait only as long as their own timeout.", ex.Errors);
        Assert.Contains("config/routes.json: route 'pay-query-by-transaction-id': Metadata.StatusCache is set but the route does not use {\"WeChatPay\": \"SignAndVerify\"}; only verified answers may be shared or cached: add that transform or remove Metadata.StatusCache.", ex.Errors);
    }

    [Fact]
    public async Task Startup_InvalidStatusCacheHostSettings_FailListingEveryProblem()
    {
        var ex = await Assert.ThrowsAsync<GatewayConfigurationException>(() => GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["EdgeGateway:StatusCache:MaxEntryBytes"] = "10",
            ["EdgeGateway:StatusCache:RedisRetryAfter"] = "00:05:00",
        }));

        Assert.Equal(["EdgeGateway:StatusCache:MaxEntryBytes is 10; use 1024 to 1048576.", "EdgeGateway:StatusCache:RedisRetryAfter is 00:05:00; use 00:00:00 to 00:01:00."], ex.Errors);
    }
}
