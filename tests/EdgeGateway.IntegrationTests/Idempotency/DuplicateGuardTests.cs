using System.Net;
using System.Text.Json.Nodes;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator.Faults;

namespace EdgeGateway.IntegrationTests.Idempotency;

/// <summary>The duplicate-payment guard end to end, with a real redis-server and with the in-memory store.</summary>
public sealed class DuplicateGuardTests
{
    private const string Prepay = "/v3/pay/transactions/jsapi";

    public static TheoryData<string> Stores => ["redis", "cluster", "memory"];

    private static async Task<GatewayTestHost> StartAsync(string store, string test, IDictionary<string, string?>? extra = null)
    {
        // 50 identical prepays come from one payer: the per-payer quota (30/min) must not be what answers them.
        var settings = new Dictionary<string, string?> { ["ReverseProxy:Routes:pay-jsapi:Metadata:Quota"] = "caller-orders" };
        if (store is "redis" or "cluster")
        {
            var redis = await RedisTopologies.SharedAsync(store == "redis" ? RedisTopologies.Single : RedisTopologies.Cluster);
            settings["EdgeGateway:Redis:Configuration"] = redis.Endpoint;
            settings["EdgeGateway:Redis:KeyPrefix"] = RedisServer.NewPrefix(test);
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return await GatewayTestHost.StartAsync(settings);
    }

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task FiftyConcurrentIdenticalPrepays_ExactlyOneReachesWeChatPay_OthersGet409OrTheReplayedAnswer(string store)
    {
        await using var host = await StartAsync(store, nameof(FiftyConcurrentIdenticalPrepays_ExactlyOneReachesWeChatPay_OthersGet409OrTheReplayedAnswer));
        (await host.Client.PostAsync(Prepay, Payloads.Json(Payloads.JsapiPrepay(host.Keys.MchId, Payloads.NewOutTradeNo())))).EnsureSuccessStatusCode(); // warm up
        host.Simulator.ClearRequests();
        host.Simulator.Faults.Current = new FaultSettings { LatencyMs = 2000, PathPrefix = Prepay };
        var body = Payloads.JsapiPrepay(host.Keys.MchId, Payloads.NewOutTradeNo()).ToJsonString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            using var response = await host.Client.PostAsync(Prepay, Payloads.Json(body));
            return (response.StatusCode, Replayed: response.Headers.Contains("Idempotent-Replayed"), Body: await JsonAsync(response));
        }));

        Assert.Equal(1, host.Simulator.CountRequests("POST", Prepay));
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        var conflicts = responses.Where(r => r.StatusCode == HttpStatusCode.Conflict).ToList();
        Assert.NotEmpty(conflicts);
        Assert.All(conflicts, c => Assert.Equal("DUPLICATE_REQUEST_IN_FLIGHT", (string?)c.Body["code"]));
        var prepayIds = responses.Where(r => r.StatusCode == HttpStatusCode.OK).Select(r => (string?)r.Body["prepay_id"]).Distinct().ToList();
        Assert.Single(prepayIds);
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK && !r.Replayed);

        host.Simulator.Faults.Reset();
        using var repeat = await host.Client.PostAsync(Prepay, Payloads.Json(body));
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal("true", repeat.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(prepayIds[0], (string?)(await JsonAsync(repeat))["prepay_id"]);
        Assert.True(repeat.Headers.Contains("Wechatpay-Signature"), "the replay carries WeChat Pay's signature headers");
        Assert.Equal(1, host.Simulator.CountRequests("POST", Prepay));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task RepeatWithDifferentBody_UnderSameOutTradeNo_Gets409AndNeverReachesWeChatPay(string store)
    {
        await using var host = await StartAsync(store, nameof(RepeatWithDifferentBody_UnderSameOutTradeNo_Gets409AndNeverReachesWeChatPay));
        var outTradeNo = Payloads.NewOutTradeNo();
        (await host.Client.PostAsync(Prepay, Payloads.Json(Payloads.JsapiPrepay(host.Keys.MchId, outTradeNo, total: 100)))).EnsureSuccessStatusCode();

        using var different = await host.Client.PostAsync(Prepay, Payloads.Json(Payloads.JsapiPrepay(host.Keys.MchId, outTradeNo, total: 999)));

        Assert.Equal(HttpStatusCode.Conflict, different.StatusCode);
        var error = await JsonAsync(different);
        Assert.Equal("DUPLICATE_REQUEST_IN_FLIGHT", (string?)error["code"]);
        Assert.Equal($"out_trade_no {outTradeNo} was already used on this route with a different request body. Repeat the original request exactly to get its answer again, or use a new out_trade_no for a different request.",
            (string?)error["message"]);
        Assert.Equal("body_mismatch", (string?)error["detail"]!["reason"]);
        Assert.Equal(1, host.Simulator.CountRequests("POST", Prepay));
    }

    [Theory]
    [InlineData("redis")]
    [InlineData("cluster")]
    public async Task UnknownOutcome_LockReleasedAndNothingKept_RepeatGoesToWeChatPay(string store)
    {
        await using var host = await StartAsync(store, nameof(UnknownOutcome_LockReleasedAndNothingKept_RepeatGoesToWeChatPay));
        var body = Payloads.JsapiPrepay(host.Keys.MchId, Payloads.NewOutTradeNo()).ToJsonString();
        host.Simulator.Faults.Current = new FaultSettings { ServerErrorRate = 1, PathPrefix = Prepay };
        using (var failed = await host.Client.PostAsync(Prepay, Payloads.Json(body)))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        }

        host.Simulator.Faults.Reset();
        using var repeat = await host.Client.PostAsync(Prepay, Payloads.Json(body));

        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.False(repeat.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(2, host.Simulator.CountRequests("POST", Prepay));
    }

    [Theory]
    [InlineData("redis")]
    [InlineData("cluster")]
    public async Task CloseOrder_204IsKeptAndReplayed_AndIsSeparateFromThePrepayOfTheSameOrder(string store)
    {
        await using var host = await StartAsync(store, nameof(CloseOrder_204IsKeptAndReplayed_AndIsSeparateFromThePrepayOfTheSameOrder));
        var outTradeNo = Payloads.NewOutTradeNo();
        (await host.Client.PostAsync(Prepay, Payloads.Json(Payloads.JsapiPrepay(host.Keys.MchId, outTradeNo)))).EnsureSuccessStatusCode();
        var close = $"/v3/pay/transactions/out-trade-no/{outTradeNo}/close";
        var closeBody = new JsonObject { ["mchid"] = host.Keys.MchId }.ToJsonString();

        using var first = await host.Client.PostAsync(close, Payloads.Json(closeBody));
        using var second = await host.Client.PostAsync(close, Payloads.Json(closeBody));

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, host.Simulator.CountRequests("POST", close));
    }

    [Theory]
    [InlineData("redis")]
    [InlineData("cluster")]
    public async Task RefundCreate_IsGuardedOnOutRefundNo(string store)
    {
        await using var host = await StartAsync(store, nameof(RefundCreate_IsGuardedOnOutRefundNo));
        var outTradeNo = Payloads.NewOutTradeNo();
        (await host.Client.PostAsync(Prepay, Payloads.Json(Payloads.JsapiPrepay(host.Keys.MchId, outTradeNo)))).EnsureSuccessStatusCode();
        await host.Simulator.PayOrderAsync(host.Keys.MchId, outTradeNo, notifyUrl: new Uri("http://127.0.0.1:9/unused"));
        var refund = new JsonObject
        {
            ["out_trade_no"] = outTradeNo,
            ["out_refund_no"] = Payloads.NewOutTradeNo("R"),
            ["amount"] = new JsonObject { ["refund"] = 100, ["total"] = 100, ["currency"] = "CNY" },
        }.ToJsonString();

        using var first = await host.Client.PostAsync("/v3/refund/domestic/refunds", Payloads.Json(refund));
        using var repeat = await host.Client.PostAsync("/v3/refund/domestic/refunds", Payloads.Json(refund));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal("true", repeat.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal((string?)(await JsonAsync(first))["refund_id"], (string?)(await JsonAsync(repeat))["refund_id"]);
        Assert.Equal(1, host.Simulator.CountRequests("POST", "/v3/refund/domestic/refunds"));
    }
}
