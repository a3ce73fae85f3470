using EdgeGateway.Configuration;
using EdgeGateway.IntegrationTests.Infrastructure;
using Yarp.ReverseProxy.Configuration;

namespace EdgeGateway.IntegrationTests.Resilience;

/// <summary>Rules the shipped config/ must keep, checked on the configuration the gateway actually loads.</summary>
public sealed class ShippedResilienceConfigurationTests : IAsyncLifetime
{
    private static readonly string[] MoneyMovingRoutes = ["pay-jsapi", "pay-app", "pay-h5", "pay-native", "pay-close", "refund-create"];
    private GatewayTestHost _host = null!;
    private Dictionary<string, RouteConfig> _routes = null!;

    public async Task InitializeAsync()
    {
        _host = await GatewayTestHost.StartAsync();
        _routes = _host.Service<IProxyConfigProvider>().GetConfig().Routes.ToDictionary(r => r.RouteId);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void EveryRoute_HasATimeoutAndItsOwnCircuitBreaker()
    {
        Assert.All(_routes.Values, r =>
        {
            Assert.NotNull(r.Timeout);
            Assert.True(r.Metadata?.ContainsKey(RouteMetadataKeys.CircuitBreaker), $"{r.RouteId} names no circuit breaker");
        });
    }

    [Fact]
    public void Queries_HaveShorterTimeoutsThanOrderCreation()
    {
        Assert.True(_routes["pay-query-by-out-trade-no"].Timeout < _routes["pay-jsapi"].Timeout);
        Assert.True(_routes["pay-query-by-transaction-id"].Timeout < _routes["pay-jsapi"].Timeout);
        Assert.True(_routes["refund-query"].Timeout < _routes["refund-create"].Timeout);
    }

    [Fact]
    public void EveryMoneyMovingRoute_IsGuardedAndNeverRetried()
    {
        Assert.All(MoneyMovingRoutes, id =>
        {
            var metadata = _routes[id].Metadata!;
            Assert.True(metadata.ContainsKey(RouteMetadataKeys.DuplicateGuard), $"{id} has no duplicate-payment guard");
            Assert.False(metadata.ContainsKey(RouteMetadataKeys.Retry), $"{id} must not be retried");
        });
        Assert.All(_routes.Values.Where(r => r.Metadata?.ContainsKey(RouteMetadataKeys.Retry) == true),
            r => Assert.Equal(["GET"], r.Match.Methods!));
    }

    [Fact]
    public void WeChatPayCluster_FailsOverOnConnectFailureOnly()
    {
        var cluster = Assert.Single(_host.Service<IProxyConfigProvider>().GetConfig().Clusters, c => c.ClusterId == "wechatpay");

        Assert.Equal("PrimaryFirst", cluster.LoadBalancingPolicy);
        Assert.Equal("ConnectFailure", cluster.HealthCheck?.Passive?.Policy);
        Assert.True(cluster.HealthCheck?.Passive?.Enabled);
        Assert.Equal("HealthyOrPanic", cluster.HealthCheck?.AvailableDestinationsPolicy);
        Assert.Contains(cluster.Destinations!.Values, d => d.Metadata?.GetValueOrDefault("Role") == "backup");
    }
}
