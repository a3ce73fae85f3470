using EdgeGateway.Configuration;
using EdgeGateway.IntegrationTests.Infrastructure;
using Yarp.ReverseProxy.Configuration;

namespace EdgeGateway.IntegrationTests.Configuration;

/// <summary>The shipped config/routes.json covers the main v3 endpoints with sensible per-route policies.</summary>
public sealed class ShippedRouteTableTests : IAsyncLifetime
{
    private GatewayTestHost _host = null!;
    private IReadOnlyList<RouteConfig> _routes = null!;

    public async Task InitializeAsync()
    {
        _host = await GatewayTestHost.StartAsync();
        _routes = _host.Service<PolicyCatalogProvider>().Active.Routes;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("POST", "/v3/pay/transactions/jsapi", "pay-jsapi")]
    [InlineData("POST", "/v3/pay/transactions/app", "pay-app")]
    [InlineData("POST", "/v3/pay/transactions/h5", "pay-h5")]
    [InlineData("POST", "/v3/pay/transactions/native", "pay-native")]
    [InlineData("GET", "/v3/pay/transactions/id/{transaction_id}", "pay-query-by-transaction-id")]
    [InlineData("GET", "/v3/pay/transactions/out-trade-no/{out_trade_no}", "pay-query-by-out-trade-no")]
    [InlineData("POST", "/v3/pay/transactions/out-trade-no/{out_trade_no}/close", "pay-close")]
    [InlineData("POST", "/v3/refund/domestic/refunds", "refund-create")]
    [InlineData("GET", "/v3/refund/domestic/refunds/{out_refund_no}", "refund-query")]
    [InlineData("POST", "/v3/refund/domestic/refunds/{refund_id}/apply-abnormal-refund", "refund-abnormal")]
    [InlineData("GET", "/v3/bill/tradebill", "bill-trade")]
    [InlineData("GET", "/v3/bill/fundflowbill", "bill-fundflow")]
    [InlineData("GET", "/v3/billdownload/file", "bill-download")]
    [InlineData("GET", "/v3/certificates", "certificates")]
    [InlineData("POST", "/v3/merchant/media/upload", "media-upload")]
    [InlineData("POST", "/v3/merchant/media/video_upload", "media-video-upload")]
    public void Endpoint_HasItsRoute(string method, string path, string routeId)
    {
        var route = Assert.Single(_routes, r => r.Match.Path == path);

        Assert.Equal(routeId, route.RouteId);
        Assert.Equal([method], route.Match.Methods!);
    }

    [Fact]
    public void EveryRoute_HasARateLimitATimeoutAGroupAndABreaker()
    {
        Assert.All(_routes, r =>
        {
            Assert.Contains(r.RateLimiterPolicy!, _host.Service<PolicyCatalogProvider>().Current.RateLimits.Keys);
            Assert.NotNull(r.Timeout);
            Assert.True(r.Metadata?.ContainsKey(RouteMetadataKeys.Group), $"{r.RouteId} has no group");
            Assert.True(r.Metadata?.ContainsKey(RouteMetadataKeys.CircuitBreaker), $"{r.RouteId} has no breaker");
        });
    }

    [Fact]
    public void EveryMoneyMovingPost_IsGuardedAndNeverRetried_AndUploadsAreNeither()
    {
        foreach (var route in _routes.Where(r => r.Match.Methods!.Contains("POST")))
        {
            var metadata = route.Metadata!;
            Assert.False(metadata.ContainsKey(RouteMetadataKeys.Retry), $"{route.RouteId} must not be retried");
            var upload = route.Match.Path!.StartsWith("/v3/merchant/media/", StringComparison.Ordinal);
            Assert.True(upload != metadata.ContainsKey(RouteMetadataKeys.DuplicateGuard), $"{route.RouteId}: guarded = {!upload} expected");
        }
    }
}
