using System.Net;
using System.Text.Json.Nodes;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator.Faults;
using static EdgeGateway.IntegrationTests.Resilience.ResilienceTestSupport;

namespace EdgeGateway.IntegrationTests.Resilience;

/// <summary>Retries where they are safe (queries) and nowhere else.</summary>
public sealed class QueryRetryTests
{
    private const string QueryByOutTradeNo = "/v3/pay/transactions/out-trade-no/";

    private static Dictionary<string, string?> QuickRetries(int maxRetries) => new()
    {
        ["Policies:Retries:queries:MaxRetries"] = maxRetries.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Policies:Retries:queries:BaseDelay"] = "00:00:00.01",
        ["Policies:Retries:queries:MaxDelay"] = "00:00:00.1",
        // Repeated queries of one order are what the status cache answers without WeChat Pay; these tests count retries.
        ["Policies:StatusCaches:orders:NonFinalTtl"] = "00:00:00",
    };

    [Fact]
    public async Task Query_Under30PercentTransient5xx_SucceedsViaRetries_EachAttemptFreshlySigned()
    {
        await using var host = await GatewayTestHost.StartAsync(QuickRetries(maxRetries: 10));
        var outTradeNo = Payloads.NewOutTradeNo();
        (await host.Client.PostAsync("/v3/pay/transactions/jsapi", Payloads.Json(Payloads.JsapiPrepay(host.Keys.MchId, outTradeNo)))).EnsureSuccessStatusCode();
        host.Simulator.Faults.Current = new FaultSettings { ServerErrorRate = 0.3, PathPrefix = QueryByOutTradeNo };

        const int Queries = 30;
        var retries = await CountAsync(host, "edgegateway.retry.attempts", "reason", async () =>
        {
            for (var i = 0; i < Queries; i++)
            {
                using var response = await host.Client.GetAsync($"{QueryByOutTradeNo}{outTradeNo}?mchid={host.Keys.MchId}");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("NOTPAY", (string?)(await JsonAsync(response))["trade_state"]);
            }
        });

        var attempts = host.Simulator.Requests.Where(r => r.Method == "GET" && r.Target.StartsWith(QueryByOutTradeNo, StringComparison.Ordinal)).ToList();
        Assert.True(attempts.Count > Queries, $"with 30 % failures some of {Queries} queries must have been retried ({attempts.Count} attempts)");
        Assert.Equal(attempts.Count - Queries, retries.GetValueOrDefault("server_error"));
        Assert.All(attempts, a => Assert.True(a.SignatureAccepted));
        Assert.Equal(attempts.Count, attempts.Select(a => a.Nonce).Distinct().Count());
        Assert.Equal(attempts.Count(a => a.Status == 500), attempts.Count - Queries);
    }

    [Fact]
    public async Task Query_Upstream429Always_RetriedUpToTheLimitThenPassedThrough()
    {
        await using var host = await GatewayTestHost.StartAsync(QuickRetries(maxRetries: 2));
        host.Simulator.Faults.Current = new FaultSettings { TooManyRequestsRate = 1, PathPrefix = QueryByOutTradeNo };

        using var response = await host.Client.GetAsync($"{QueryByOutTradeNo}T000000000001?mchid={host.Keys.MchId}");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("RATELIMIT_EXCEEDED", (string?)(await JsonAsync(response))["code"]);
        Assert.Equal(3, host.Simulator.CountRequests("GET", QueryByOutTradeNo));
        Assert.Equal(2, host.Logs.Entries.Count(e => e.EventId.Id == 1310));
    }

    [Theory]
    [InlineData("/v3/pay/transactions/jsapi")]
    [InlineData("/v3/refund/domestic/refunds")]
    public async Task MoneyMovingPost_Upstream5xx_IsNotRetried(string path)
    {
        await using var host = await GatewayTestHost.StartAsync(QuickRetries(maxRetries: 8));
        host.Simulator.Faults.Current = new FaultSettings { ServerErrorRate = 1, PathPrefix = path };
        JsonNode body = path.Contains("refund", StringComparison.Ordinal)
            ? new JsonObject { ["out_trade_no"] = Payloads.NewOutTradeNo(), ["out_refund_no"] = Payloads.NewOutTradeNo("R"), ["amount"] = new JsonObject { ["refund"] = 1, ["total"] = 1, ["currency"] = "CNY" } }
            : Payloads.JsapiPrepay(host.Keys.MchId, Payloads.NewOutTradeNo());

        using var response = await host.Client.PostAsync(path, Payloads.Json(body));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("SYSTEM_ERROR", (string?)(await JsonAsync(response))["code"]);
        Assert.Equal(1, host.Simulator.CountRequests("POST", path));
        Assert.DoesNotContain(host.Logs.Entries, e => e.EventId.Id is 1310 or 1320);
    }

    [Fact]
    public async Task MoneyMovingPost_ConnectionResetAfterSending_IsNotRetried()
    {
        await using var host = await GatewayTestHost.StartAsync(QuickRetries(maxRetries: 8));
        host.Simulator.Faults.Current = new FaultSettings { ConnectionResetRate = 1, PathPrefix = "/v3/pay/transactions/jsapi" };

        using var response = await host.Client.PostAsync("/v3/pay/transactions/jsapi",
            Payloads.Json(Payloads.JsapiPrepay(host.Keys.MchId, Payloads.NewOutTradeNo())));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(1, host.Simulator.CountRequests("POST", "/v3/pay/transactions/jsapi"));
    }
}
