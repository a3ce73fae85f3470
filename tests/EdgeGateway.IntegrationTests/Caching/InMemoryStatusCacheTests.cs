using EdgeGateway.Caching;
using EdgeGateway.IntegrationTests.Callbacks;
using EdgeGateway.IntegrationTests.Infrastructure;
using static EdgeGateway.IntegrationTests.Caching.StatusCacheTestSupport;

namespace EdgeGateway.IntegrationTests.Caching;

/// <summary>Without Redis (a single instance, the sandbox) the in-memory store behaves as Redis does.</summary>
public sealed class InMemoryStatusCacheTests
{
    [Fact]
    public async Task WithoutRedis_CachesAndACallbackInvalidates()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var host = await GatewayTestHost.StartAsync(Settings(null, nameof(WithoutRedis_CachesAndACallbackInvalidates), receiver.Url, Orders(nonFinalTtl: "00:05:00")));
        var outTradeNo = await CreateOrderAsync(host, notifyUrl: CallbackTestSupport.NotifyUrl(host.Address).ToString());
        var path = OrderPath(host.Keys.MchId, outTradeNo);

        var miss = await PollAsync(host.Client, path);
        var hit = await PollAsync(host.Client, path);
        Assert.Equal(204, (await host.Simulator.PayOrderAsync(host.Keys.MchId, outTradeNo)).Status);
        var after = await PollAsync(host.Client, path);

        Assert.Equal("memory", host.Service<StatusCache>().StoreKind);
        Assert.Equal(("miss", "NOTPAY"), (miss.Cache, StateOf(miss)));
        Assert.Equal(("hit", "NOTPAY"), (hit.Cache, StateOf(hit)));
        Assert.Equal(miss.Body, hit.Body);
        Assert.Equal(("miss", "SUCCESS"), (after.Cache, StateOf(after)));
        Assert.Equal(2, Upstream(host.Simulator, outTradeNo));
    }
}
