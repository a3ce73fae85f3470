using System.Text.Json.Nodes;
using EdgeGateway.Caching;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator.Faults;
using static EdgeGateway.IntegrationTests.Caching.StatusCacheTestSupport;

namespace EdgeGateway.IntegrationTests.Caching;

/// <summary>Redis away never fails a query: it goes upstream uncached (still coalesced), and caching resumes by itself when Redis is back.</summary>
public sealed class StatusCacheRedisOutageTests
{
    [Fact]
    public async Task RedisKilled_QueriesAndClosesAreStillAnswered_ThenCachingResumes()
    {
        await using var redis = await RedisServer.StartDedicatedAsync();
        await using var host = await GatewayTestHost.StartAsync(Settings(redis, nameof(RedisKilled_QueriesAndClosesAreStillAnswered_ThenCachingResumes),
            more: [.. Orders(nonFinalTtl: "00:05:00"), ("EdgeGateway:StatusCache:RedisRetryAfter", "00:00:00.200"), GuardFailsOpen]));
        using var metrics = new MeasurementRecorder(host, "edgegateway.status_cache.store_errors");
        var outTradeNo = await CreateOrderAsync(host);
        var path = OrderPath(host.Keys.MchId, outTradeNo);
        await PollAsync(host.Client, path);
        Assert.Equal("hit", (await PollAsync(host.Client, path)).Cache);

        await redis.KillAsync();
        var during = new List<Poll>();
        for (var i = 0; i < 5; i++)
        {
            during.Add(await PollAsync(host.Client, path));
        }

        using var close = await host.Client.PostAsync($"/v3/pay/transactions/out-trade-no/{outTradeNo}/close", Payloads.Json(new JsonObject { ["mchid"] = host.Keys.MchId }));

        Assert.All(during, p => Assert.Equal((200, "miss", "NOTPAY"), (p.Status, p.Cache, StateOf(p))));
        Assert.Equal(204, (int)close.StatusCode);
        Assert.Equal(1 + 5, Upstream(host.Simulator, outTradeNo));
        Assert.Contains(metrics.Of("edgegateway.status_cache.store_errors"), m => m.Tag("operation") == "lookup");
        Assert.Contains(metrics.Of("edgegateway.status_cache.store_errors"), m => m.Tag("operation") == "invalidate");
        Assert.Single(host.Logs.Entries, e => e.EventId.Id == 1600); // one warning for the outage, not one per query
        Assert.Contains(host.Logs.Entries, e => e.EventId.Id == 1602 && e.Message.Contains(outTradeNo, StringComparison.Ordinal));

        await redis.StartAsync();
        Assert.True(await EventuallyCachedAsync(host, path), "caching did not resume after Redis came back");
        Assert.Equal("CLOSED", StateOf(await PollAsync(host.Client, path)));
        Assert.Contains(host.Logs.Entries, e => e.EventId.Id == 1601);
    }

    [Fact]
    public async Task RedisUnreachableFromTheStart_QueriesAreAnsweredUncached_AndStillCoalesced()
    {
        var deadPort = GatewayTestHost.ClosedPort;
        await using var host = await GatewayTestHost.StartAsync(Settings(null, nameof(RedisUnreachableFromTheStart_QueriesAreAnsweredUncached_AndStillCoalesced), more:
        [
            ("EdgeGateway:Redis:Configuration", $"127.0.0.1:{deadPort}"),
            ("EdgeGateway:Redis:KeyPrefix", RedisServer.NewPrefix(nameof(RedisUnreachableFromTheStart_QueriesAreAnsweredUncached_AndStillCoalesced))),
            ("ReverseProxy:Routes:pay-query-by-out-trade-no:Timeout", "00:00:30"),
            GuardFailsOpen,
        ]));
        var outTradeNo = await CreateOrderAsync(host);
        var path = OrderPath(host.Keys.MchId, outTradeNo);

        var alone = await PollAsync(host.Client, path);
        host.Simulator.Faults.Current = new FaultSettings { LatencyMs = 3000, PathPrefix = OrderQueryPrefix };
        var together = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => PollAsync(host.Client, path)));

        Assert.Equal((200, "miss", "NOTPAY"), (alone.Status, alone.Cache, StateOf(alone)));
        Assert.All(together, p => Assert.Equal((200, "NOTPAY"), (p.Status, StateOf(p))));
        Assert.Equal(2, Upstream(host.Simulator, outTradeNo));
        Assert.Equal("redis", host.Service<StatusCache>().StoreKind);
    }

    private static async Task<bool> EventuallyCachedAsync(GatewayTestHost host, string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if ((await PollAsync(host.Client, path)).Cache == "hit")
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
