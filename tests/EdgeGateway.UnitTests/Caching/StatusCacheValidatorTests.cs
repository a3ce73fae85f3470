using EdgeGateway.Caching;
using EdgeGateway.Caching.Validation;
using EdgeGateway.Configuration;
using EdgeGateway.UnitTests.TestSupport;
using Yarp.ReverseProxy.Configuration;

namespace EdgeGateway.UnitTests.Caching;

public sealed class StatusCacheValidatorTests
{
    private static IReadOnlyList<ConfigProblem> Problems(IGatewayConfigValidator validator, StatusCachePolicy? policy = null, RouteConfig? route = null)
    {
        var catalog = new PolicyCatalog();
        catalog.StatusCaches["orders"] = policy ?? new StatusCachePolicy();
        var context = new GatewayConfigValidationContext { Policies = catalog, Routes = route is null ? [] : [route], Clusters = [] };
        validator.Validate(context);
        return context.Problems;
    }

    private static RouteConfig Route(string? mode = "SignAndVerify", TimeSpan? timeout = null, bool cached = true) => new()
    {
        RouteId = "pay-query-by-out-trade-no",
        ClusterId = "wechatpay",
        Match = new RouteMatch { Path = "/v3/pay/transactions/out-trade-no/{no}", Methods = ["GET"] },
        Timeout = timeout ?? TimeSpan.FromSeconds(5),
        Transforms = mode is null ? [] : [new Dictionary<string, string> { ["WeChatPay"] = mode }],
        Metadata = cached ? new Dictionary<string, string> { ["StatusCache"] = "orders" } : new Dictionary<string, string>(),
    };

    [Theory]
    [InlineData(-1)]
    [InlineData(301)]
    public void NonFinalTtl_OutOfRange_IsRefused(int seconds) =>
        Assert.Equal($"config/policies.json: Policies.StatusCaches.orders: NonFinalTtl is {TimeSpan.FromSeconds(seconds)}; use 00:00:00 (keep nothing) to 00:05:00: a cached answer keeps WeChat Pay's signature, which clients verifying it accept for 5 minutes.",
            Assert.Single(Problems(new StatusCacheTtlValidator(), new StatusCachePolicy { NonFinalTtl = TimeSpan.FromSeconds(seconds) })).ToString());

    [Fact]
    public void FinalTtl_OverFiveMinutes_IsRefused() =>
        Assert.Equal("config/policies.json: Policies.StatusCaches.orders: FinalTtl is 01:00:00; use 00:00:00 (keep nothing) to 00:05:00: a cached answer keeps WeChat Pay's signature, which clients verifying it accept for 5 minutes.",
            Assert.Single(Problems(new StatusCacheTtlValidator(), new StatusCachePolicy { FinalTtl = TimeSpan.FromHours(1) })).ToString());

    [Fact]
    public void Ttls_AtTheBounds_AreAccepted() =>
        Assert.Empty(Problems(new StatusCacheTtlValidator(), new StatusCachePolicy { NonFinalTtl = TimeSpan.Zero, FinalTtl = TimeSpan.FromMinutes(5) }));

    [Theory]
    [InlineData("SignOnly")]
    [InlineData(null)]
    public void Route_WithoutVerification_IsRefused(string? mode) =>
        Assert.Equal("config/routes.json: route 'pay-query-by-out-trade-no': Metadata.StatusCache is set but the route does not use {\"WeChatPay\": \"SignAndVerify\"}; only verified answers may be shared or cached: add that transform or remove Metadata.StatusCache.",
            Assert.Single(Problems(new StatusCacheRouteTransformValidator(), route: Route(mode))).ToString());

    [Fact]
    public void Route_WithoutVerification_ButNoStatusCache_IsNotThisRulesConcern() =>
        Assert.Empty(Problems(new StatusCacheRouteTransformValidator(), route: Route("SignOnly", cached: false)));

    [Fact]
    public void Route_WithALongTimeout_IsRefused() =>
        Assert.Equal("config/routes.json: route 'pay-query-by-out-trade-no': Metadata.StatusCache needs a Timeout from 00:00:00.001 to 00:01:00 (it has 00:01:30); requests waiting for an identical query wait only as long as their own timeout.",
            Assert.Single(Problems(new StatusCacheRouteTimeoutValidator(), route: Route(timeout: TimeSpan.FromSeconds(90)))).ToString());

    [Fact]
    public void Route_WithoutTimeout_IsRefused()
    {
        var route = Route() with { Timeout = null };

        Assert.Equal("config/routes.json: route 'pay-query-by-out-trade-no': Metadata.StatusCache needs a Timeout from 00:00:00.001 to 00:01:00 (it has none); requests waiting for an identical query wait only as long as their own timeout.",
            Assert.Single(Problems(new StatusCacheRouteTimeoutValidator(), route: route)).ToString());
    }

    [Fact]
    public void ShippedShapeOfRoute_IsAccepted()
    {
        Assert.Empty(Problems(new StatusCacheRouteTransformValidator(), route: Route()));
        Assert.Empty(Problems(new StatusCacheRouteTimeoutValidator(), route: Route()));
    }

    [Theory]
    [InlineData("MaxEntryBytes", "1048577", "use 1024 to 1048576.")]
    [InlineData("MemoryMaxEntries", "99", "use 100 to 10000000.")]
    [InlineData("RedisRetryAfter", "00:01:01", "use 00:00:00 to 00:01:00.")]
    public void HostSettings_ValueOutOfItsRange_NamesTheKeyAndWhatToUse(string key, string value, string use) =>
        Assert.Equal([$"EdgeGateway:StatusCache:{key} is {value}; {use}"], HostSettingsProblems((key, value)));

    [Fact]
    public void HostSettings_OutOfRange_AreListedTogether() =>
        Assert.Equal(
        [
            "EdgeGateway:StatusCache:MaxEntryBytes is 2000000; use 1024 to 1048576.",
            "EdgeGateway:StatusCache:MemoryMaxEntries is 5; use 100 to 10000000.",
            "EdgeGateway:StatusCache:RedisRetryAfter is -00:00:01; use 00:00:00 to 00:01:00.",
        ], HostSettingsProblems(("MaxEntryBytes", "2000000"), ("MemoryMaxEntries", "5"), ("RedisRetryAfter", "-00:00:01")));

    [Fact]
    public void HostSettings_Defaults_AreValid() => Assert.Empty(HostSettingsProblems());

    private static IReadOnlyList<string> HostSettingsProblems(params (string Key, string Value)[] settings) =>
        HostSettings.Problems<StatusCacheOptions, StatusCacheOptionsValidator>(StatusCacheOptions.SectionName, settings);
}
