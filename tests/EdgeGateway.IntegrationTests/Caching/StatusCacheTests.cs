using System.Diagnostics;
using System.Text.Json.Nodes;
using EdgeGateway.IntegrationTests.Callbacks;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator.Faults;
using static EdgeGateway.IntegrationTests.Caching.StatusCacheTestSupport;

namespace EdgeGateway.IntegrationTests.Caching;

/// <summary>The status cache on a real Redis: absorption, TTL by state, invalidation by callbacks, close and refund, no-cache, never an unverified answer.</summary>
public sealed class StatusCacheTests
{
    [Fact]
    public async Task ThousandPollsOverOneSecond_ReachTheSimulatorAtMostAHandfulOfTimes()
    {
        // A loaded CI machine can stall a Redis reply past the production timeout (250 ms); the cache then skips Redis for
        // a second and queries go upstream uncached, by design and tested on its own (StatusCacheRedisOutageTests). This
        // test is about absorption, so Redis gets time to answer.
        await using var host = await GatewayTestHost.StartAsync(Settings(await RedisServer.SharedAsync(), nameof(ThousandPollsOverOneSecond_ReachTheSimulatorAtMostAHandfulOfTimes),
            more: ("EdgeGateway:Redis:OperationTimeoutMs", "3000")));
        using var metrics = new MeasurementRecorder(host, "edgegateway.status_cache.hits", "edgegateway.status_cache.upstream_saved", "edgegateway.status_cache.store_errors");
        var outTradeNo = await CreateOrderAsync(host);
        var path = OrderPath(host.Keys.MchId, outTradeNo);

        // 1 000 polls started over one second (10 every 10 ms), as a polling storm would, with the shipped TTLs (NOTPAY: 1 s).
        var clock = Stopwatch.StartNew();
        var polls = new List<Task<Poll>>();
        for (var wave = 0; wave < 100; wave++)
        {
            polls.AddRange(Enumerable.Range(0, 10).Select(_ => PollAsync(host.Client, path)));
            await Task.Delay(10);
        }

        var answers = await Task.WhenAll(polls);
        var elapsed = clock.Elapsed;

        Assert.All(answers, a => Assert.Equal(200, a.Status));
        Assert.All(answers, a => Assert.Equal("NOTPAY", StateOf(a)));
        // At most one upstream call per 1-second TTL window the storm spanned (coalescing covers the moments of expiry);
        // on a loaded machine sending the storm may take longer than one second, hence the bound by the time it took.
        var upstream = Upstream(host.Simulator, outTradeNo);
        var storeErrors = metrics.Of("edgegateway.status_cache.store_errors").Sum(m => m.Value);
        Assert.True(upstream >= 1 && upstream <= 2 + (int)Math.Ceiling(elapsed.TotalSeconds),
            $"{upstream} upstream calls for a storm sent in {elapsed.TotalSeconds:0.0} s ({storeErrors} status-cache store errors)");
        Assert.True(upstream <= 10, $"{upstream} upstream calls for 1 000 polls");
        Assert.True(answers.Count(a => a.Cache == "hit") >= 500, "most polls should be cache hits");
        Assert.Equal(answers.Count(a => a.Cache == "hit"), metrics.Of("edgegateway.status_cache.hits").Sum(m => m.Value));
        Assert.Equal(1000 - upstream, metrics.Of("edgegateway.status_cache.upstream_saved").Sum(m => m.Value));
    }

    [Theory]
    [MemberData(nameof(RedisTopologies.Both), MemberType = typeof(RedisTopologies))]
    public async Task Hit_IsTheVerifiedAnswer_WithAgeAndCacheHeader_AndWeChatPaysSignatureHeaders(string topology)
    {
        await using var host = await GatewayTestHost.StartAsync(Settings(await RedisTopologies.SharedAsync(topology), nameof(Hit_IsTheVerifiedAnswer_WithAgeAndCacheHeader_AndWeChatPaysSignatureHeaders),
            more: Orders(nonFinalTtl: "00:01:00")));
        var outTradeNo = await CreateOrderAsync(host);
        var path = OrderPath(host.Keys.MchId, outTradeNo);

        var miss = await PollAsync(host.Client, path);
        await Task.Delay(1100);
        var hit = await PollAsync(host.Client, path);

        Assert.Equal("miss", miss.Cache);
        Assert.Null(miss.Age);
        Assert.Equal("hit", hit.Cache);
        Assert.NotNull(hit.Age);
        Assert.InRange(hit.Age!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.Equal(miss.Body, hit.Body);
        foreach (var header in (string[])["Wechatpay-Signature", "Wechatpay-Timestamp", "Wechatpay-Nonce", "Wechatpay-Serial", "Request-ID"])
        {
            Assert.Equal(miss.Headers[header], hit.Headers[header]);
        }

        Assert.Equal(1, Upstream(host.Simulator, outTradeNo));
    }

    [Theory]
    [MemberData(nameof(RedisTopologies.Both), MemberType = typeof(RedisTopologies))]
    public async Task TtlFollowsTheState_NonFinalNotKept_FinalKept(string topology)
    {
        await using var host = await GatewayTestHost.StartAsync(Settings(await RedisTopologies.SharedAsync(topology), nameof(TtlFollowsTheState_NonFinalNotKept_FinalKept),
            more: Orders(nonFinalTtl: "00:00:00", finalTtl: "00:05:00", coalesce: false)));
        var outTradeNo = await CreateOrderAsync(host);
        var path = OrderPath(host.Keys.MchId, outTradeNo);

        await PollAsync(host.Client, path);
        await PollAsync(host.Client, path);
        Assert.Equal(2, Upstream(host.Simulator, outTradeNo)); // NOTPAY is not kept with NonFinalTtl 0

        SetStateSilently(host.Simulator, host.Keys.MchId, outTradeNo, "SUCCESS");
        var fetched = await PollAsync(host.Client, path);
        var kept = await PollAsync(host.Client, path);

        Assert.Equal("SUCCESS", StateOf(fetched));
        Assert.Equal("hit", kept.Cache);
        Assert.Equal("SUCCESS", StateOf(kept));
        Assert.Equal(3, Upstream(host.Simulator, outTradeNo));
    }

    [Theory]
    [MemberData(nameof(RedisTopologies.Both), MemberType = typeof(RedisTopologies))]
    public async Task PaymentCallback_FlipsTheCachedState_BeforeTheNotPayEntryExpires(string topology)
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var host = await GatewayTestHost.StartAsync(Settings(await RedisTopologies.SharedAsync(topology), nameof(PaymentCallback_FlipsTheCachedState_BeforeTheNotPayEntryExpires), receiver.Url,
            Orders(nonFinalTtl: "00:05:00")));
        using var metrics = new MeasurementRecorder(host, "edgegateway.status_cache.invalidations");
        var outTradeNo = await CreateOrderAsync(host, notifyUrl: CallbackTestSupport.NotifyUrl(host.Address).ToString());
        var path = OrderPath(host.Keys.MchId, outTradeNo);
        Assert.Equal("NOTPAY", StateOf(await PollAsync(host.Client, path)));
        var cached = await PollAsync(host.Client, path);
        Assert.Equal(("hit", "NOTPAY"), (cached.Cache, StateOf(cached)));

        var callback = await host.Simulator.PayOrderAsync(host.Keys.MchId, outTradeNo);
        var after = await PollAsync(host.Client, path);

        Assert.Equal(204, callback.Status);
        Assert.Equal(200, after.Status);
        Assert.Equal("SUCCESS", StateOf(after));
        Assert.Equal("miss", after.Cache);
        Assert.Equal(2, Upstream(host.Simulator, outTradeNo));
        var invalidation = Assert.Single(metrics.Of("edgegateway.status_cache.invalidations"));
        Assert.Equal(("callback", CallbackName), (invalidation.Tag("source"), invalidation.Tag("route")));
        // The order is now final and cached as such.
        Assert.Equal(("hit", "SUCCESS"), (await PollAsync(host.Client, path)) is var again ? (again.Cache, StateOf(again)) : default);
    }

    [Fact]
    public async Task PaymentCallback_AlsoDropsTheQueryByTransactionId()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var host = await GatewayTestHost.StartAsync(Settings(await RedisServer.SharedAsync(), nameof(PaymentCallback_AlsoDropsTheQueryByTransactionId), receiver.Url,
            Orders(finalTtl: "00:05:00")));
        var outTradeNo = await CreateOrderAsync(host, notifyUrl: CallbackTestSupport.NotifyUrl(host.Address).ToString());
        await host.Simulator.PayOrderAsync(host.Keys.MchId, outTradeNo);
        var transactionId = host.Simulator.Store.FindOrder(host.Keys.MchId, outTradeNo)!.TransactionId;
        var path = $"/v3/pay/transactions/id/{transactionId}?mchid={host.Keys.MchId}";
        Assert.Equal("SUCCESS", StateOf(await PollAsync(host.Client, path)));
        Assert.Equal("hit", (await PollAsync(host.Client, path)).Cache);

        // A second TRANSACTION.* callback (WeChat Pay re-sends; here the order was refunded meanwhile) names the same transaction.
        SetStateSilently(host.Simulator, host.Keys.MchId, outTradeNo, "REFUND");
        var resource = host.Simulator.Store.FindOrder(host.Keys.MchId, outTradeNo)!.ToJson();
        Assert.Equal(204, (await CallbackTestSupport.SendAsync(host.Simulator, host.Address, CallbackTestSupport.Envelope(host.Simulator, resource))).Status);
        var after = await PollAsync(host.Client, path);

        Assert.Equal(("miss", "REFUND"), (after.Cache, StateOf(after)));
    }

    [Theory]
    [MemberData(nameof(RedisTopologies.Both), MemberType = typeof(RedisTopologies))]
    public async Task RefundCallback_FlipsTheCachedRefundStatus(string topology)
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var host = await GatewayTestHost.StartAsync(Settings(await RedisTopologies.SharedAsync(topology), nameof(RefundCallback_FlipsTheCachedRefundStatus), receiver.Url,
            ("Policies:StatusCaches:refunds:NonFinalTtl", "00:05:00")));
        var notify = CallbackTestSupport.NotifyUrl(host.Address).ToString();
        var outTradeNo = await CreateOrderAsync(host, notifyUrl: notify);
        await host.Simulator.PayOrderAsync(host.Keys.MchId, outTradeNo);
        var outRefundNo = "R" + outTradeNo;
        var refund = new JsonObject
        {
            ["out_trade_no"] = outTradeNo,
            ["out_refund_no"] = outRefundNo,
            ["notify_url"] = notify,
            ["amount"] = new JsonObject { ["refund"] = 40, ["total"] = 100, ["currency"] = "CNY" },
        };
        (await host.Client.PostAsync("/v3/refund/domestic/refunds", Payloads.Json(refund))).EnsureSuccessStatusCode();
        var path = "/v3/refund/domestic/refunds/" + outRefundNo;
        Assert.Equal("PROCESSING", (string?)JsonNode.Parse((await PollAsync(host.Client, path)).Body)!["status"]);
        Assert.Equal("hit", (await PollAsync(host.Client, path)).Cache);

        Assert.Equal(204, (await host.Simulator.CompleteRefundAsync(host.Keys.MchId, outRefundNo)).Status);
        var after = await PollAsync(host.Client, path);

        Assert.Equal("miss", after.Cache);
        Assert.Equal("SUCCESS", (string?)JsonNode.Parse(after.Body)!["status"]);
        Assert.Equal(2, host.Simulator.CountRequests("GET", path));
    }

    [Fact]
    public async Task ClosingThroughTheGateway_DropsTheCachedNotPay()
    {
        await using var host = await GatewayTestHost.StartAsync(Settings(await RedisServer.SharedAsync(), nameof(ClosingThroughTheGateway_DropsTheCachedNotPay), more: Orders(nonFinalTtl: "00:05:00")));
        var outTradeNo = await CreateOrderAsync(host);
        var path = OrderPath(host.Keys.MchId, outTradeNo);
        await PollAsync(host.Client, path);
        Assert.Equal(("hit", "NOTPAY"), (await PollAsync(host.Client, path)) is var cached ? (cached.Cache, StateOf(cached)) : default);

        using var close = await host.Client.PostAsync($"/v3/pay/transactions/out-trade-no/{outTradeNo}/close", Payloads.Json(new JsonObject { ["mchid"] = host.Keys.MchId }));
        var after = await PollAsync(host.Client, path);

        Assert.Equal(204, (int)close.StatusCode);
        Assert.Equal(("miss", "CLOSED"), (after.Cache, StateOf(after)));
    }

    [Fact]
    public async Task RefundThroughTheGateway_DropsTheCachedOrder()
    {
        await using var host = await GatewayTestHost.StartAsync(Settings(await RedisServer.SharedAsync(), nameof(RefundThroughTheGateway_DropsTheCachedOrder)));
        var outTradeNo = await CreateOrderAsync(host);
        SetStateSilently(host.Simulator, host.Keys.MchId, outTradeNo, "SUCCESS");
        var path = OrderPath(host.Keys.MchId, outTradeNo);
        await PollAsync(host.Client, path);
        Assert.Equal(("hit", "SUCCESS"), (await PollAsync(host.Client, path)) is var cached ? (cached.Cache, StateOf(cached)) : default);

        var refund = new JsonObject
        {
            ["out_trade_no"] = outTradeNo,
            ["out_refund_no"] = "R" + outTradeNo,
            ["amount"] = new JsonObject { ["refund"] = 100, ["total"] = 100, ["currency"] = "CNY" },
        };
        (await host.Client.PostAsync("/v3/refund/domestic/refunds", Payloads.Json(refund))).EnsureSuccessStatusCode();
        var after = await PollAsync(host.Client, path);

        Assert.Equal(("miss", "REFUND"), (after.Cache, StateOf(after)));
    }

    [Fact]
    public async Task NoCache_GetsAFreshVerifiedAnswer_AndRefreshesTheEntry()
    {
        await using var host = await GatewayTestHost.StartAsync(Settings(await RedisServer.SharedAsync(), nameof(NoCache_GetsAFreshVerifiedAnswer_AndRefreshesTheEntry),
            more: Orders(nonFinalTtl: "00:05:00")));
        using var metrics = new MeasurementRecorder(host, "edgegateway.status_cache.bypasses");
        var outTradeNo = await CreateOrderAsync(host);
        var path = OrderPath(host.Keys.MchId, outTradeNo);
        await PollAsync(host.Client, path);

        SetStateSilently(host.Simulator, host.Keys.MchId, outTradeNo, "SUCCESS"); // paid; the callback is late
        var stale = await PollAsync(host.Client, path);
        var fresh = await PollAsync(host.Client, path, noCache: true);
        var refreshed = await PollAsync(host.Client, path);

        Assert.Equal(("hit", "NOTPAY"), (stale.Cache, StateOf(stale)));
        Assert.Equal(("bypass", "SUCCESS"), (fresh.Cache, StateOf(fresh)));
        Assert.Equal(("hit", "SUCCESS"), (refreshed.Cache, StateOf(refreshed)));
        Assert.Equal(2, Upstream(host.Simulator, outTradeNo));
        Assert.Equal(1, metrics.Of("edgegateway.status_cache.bypasses").Sum(m => m.Value));
    }

    public static TheoryData<string, int, string> Faults => new()
    {
        { "server-error", 500, "SYSTEM_ERROR" },
        { "tampered", 502, "UPSTREAM_SIGNATURE_INVALID" },
        { "probe", 502, "UPSTREAM_SIGNATURE_INVALID" },
        { "unsigned", 502, "UPSTREAM_SIGNATURE_INVALID" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task FailedOrUnverifiableAnswer_IsNeverCached(string fault, int status, string code)
    {
        await using var host = await GatewayTestHost.StartAsync(Settings(await RedisServer.SharedAsync(), nameof(FailedOrUnverifiableAnswer_IsNeverCached) + fault,
            more: [.. Orders(nonFinalTtl: "00:05:00"), NoRetries]));
        using var metrics = new MeasurementRecorder(host, "edgegateway.status_cache.stores", "edgegateway.status_cache.not_stored");
        var outTradeNo = await CreateOrderAsync(host);
        var path = OrderPath(host.Keys.MchId, outTradeNo);
        host.Simulator.Faults.Current = fault switch
        {
            "server-error" => new FaultSettings { ServerErrorRate = 1, PathPrefix = OrderQueryPrefix },
            "tampered" => new FaultSettings { SignatureFault = SignatureFault.Tamper, PathPrefix = OrderQueryPrefix },
            "probe" => new FaultSettings { SignatureFault = SignatureFault.Probe, PathPrefix = OrderQueryPrefix },
            _ => new FaultSettings { GarbageRate = 1, PathPrefix = OrderQueryPrefix },
        };

        var first = await PollAsync(host.Client, path);
        var second = await PollAsync(host.Client, path);
        host.Simulator.Faults.Reset();
        var healed = await PollAsync(host.Client, path);

        Assert.Equal((status, code), (first.Status, (string?)JsonNode.Parse(first.Body)!["code"]));
        Assert.Equal((status, "miss"), (second.Status, second.Cache));
        Assert.Equal((200, "miss", "NOTPAY"), (healed.Status, healed.Cache, StateOf(healed)));
        Assert.Equal(3, Upstream(host.Simulator, outTradeNo));
        // The healed answer is stored just after it was sent.
        Assert.True(await EventuallyAsync(() => metrics.Of("edgegateway.status_cache.stores").Any(), TimeSpan.FromSeconds(10)));
        Assert.Single(metrics.Of("edgegateway.status_cache.stores"));
        Assert.Equal(2, metrics.Of("edgegateway.status_cache.not_stored").Count(m => m.Tag("reason") == "status"));
    }

    [Theory]
    [MemberData(nameof(RedisTopologies.Both), MemberType = typeof(RedisTopologies))]
    public async Task TwoInstances_ShareEntries_AndACallbackOnOneIsSeenByTheOther(string topology)
    {
        var redis = await RedisTopologies.SharedAsync(topology);
        await using var receiver = await CallbackReceiver.StartAsync();
        var settings = Settings(redis, nameof(TwoInstances_ShareEntries_AndACallbackOnOneIsSeenByTheOther), receiver.Url, Orders(nonFinalTtl: "00:05:00"));
        await using var a = await GatewayTestHost.StartAsync(settings);
        await using var b = await GatewayTestHost.StartAsync(settings, a.Simulator);
        var outTradeNo = await CreateOrderAsync(a, notifyUrl: CallbackTestSupport.NotifyUrl(a.Address).ToString());
        var path = OrderPath(a.Keys.MchId, outTradeNo);

        var onA = await PollAsync(a.Client, path);
        var onB = await PollAsync(b.Client, path);
        Assert.Equal(("miss", "hit"), (onA.Cache, onB.Cache));
        Assert.Equal(onA.Body, onB.Body);

        Assert.Equal(204, (await a.Simulator.PayOrderAsync(a.Keys.MchId, outTradeNo)).Status); // the callback reaches instance a
        var afterOnB = await PollAsync(b.Client, path);

        Assert.Equal(("miss", "SUCCESS"), (afterOnB.Cache, StateOf(afterOnB)));
        Assert.Equal(2, Upstream(a.Simulator, outTradeNo));
    }
}
