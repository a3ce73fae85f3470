using System.Net;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator.Faults;
using static EdgeGateway.IntegrationTests.Resilience.ResilienceTestSupport;

namespace EdgeGateway.IntegrationTests.Resilience;

/// <summary>
/// Retries bounded by the cluster's retry budget, and a breaker that opens on failures in a row: what keeps a
/// failing WeChat Pay from seeing each query several times over at low rates.
/// </summary>
public sealed class RetryBudgetTests
{
    private const string QueryById = "/v3/pay/transactions/id/";

    [Fact]
    public async Task Query_UpstreamAlways5xxAtTwoPerSecond_SeesAtMostTheBudgetedExtraCalls()
    {
        // Without a budget each query would cost 4 calls; with 50 % and no floor, retries ≤ half the queries.
        await using var host = await GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Policies:Retries:queries:MaxRetries"] = "3",
            ["Policies:Retries:queries:BaseDelay"] = "00:00:00.01",
            ["Policies:Retries:queries:MaxDelay"] = "00:00:00.05",
            ["Policies:Retries:queries:Budget:RetryRatio"] = "0.5",
            ["Policies:Retries:queries:Budget:MinRetriesPerSecond"] = "0",
            ["Policies:Retries:queries:Budget:Window"] = "00:01:00",
            ["Policies:CircuitBreakers:wechatpay:ConsecutiveFailures"] = "0",
        });
        host.Simulator.Faults.Current = new FaultSettings { ServerErrorRate = 1, PathPrefix = QueryById };

        const int Queries = 6;
        var denied = await CountAsync(host, "edgegateway.retry.denied", "cluster", async () =>
        {
            for (var i = 0; i < Queries; i++)
            {
                using var response = await host.Client.GetAsync($"{QueryById}42000000000000000000000000{i:D2}?mchid={host.Keys.MchId}");
                Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode); // the last answer, as it is
                await Task.Delay(TimeSpan.FromMilliseconds(500)); // about 2 requests a second
            }
        });

        // Sequential queries: the 2nd, 4th and 6th find room for one retry each (0.5 × 2, × 4, × 6), and every
        // query ends on a retry the budget refused.
        Assert.Equal(Queries + Queries / 2, host.Simulator.CountRequests("GET", QueryById));
        Assert.Equal(Queries, denied.GetValueOrDefault("wechatpay"));
        Assert.Contains(host.Logs.Entries, e => e.EventId.Id == 1311 && e.Message.Contains("retry budget of cluster wechatpay is spent", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Breaker_ConsecutiveFailuresAtALowRate_OpensBeforeTheRatioWouldAndStopsCalling()
    {
        // MinimumThroughput 20 in 10 s is never reached at 2 requests a second; 3 failures in a row open it anyway.
        await using var host = await GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Policies:Retries:queries:MaxRetries"] = "0",
            ["Policies:CircuitBreakers:wechatpay:MinimumThroughput"] = "20",
            ["Policies:CircuitBreakers:wechatpay:SamplingDuration"] = "00:00:10",
            ["Policies:CircuitBreakers:wechatpay:ConsecutiveFailures"] = "3",
            ["Policies:CircuitBreakers:wechatpay:BreakDuration"] = "00:05:00",
        });
        host.Simulator.Faults.Current = new FaultSettings { ServerErrorRate = 1, PathPrefix = QueryById };
        string Query(int i) => $"{QueryById}42000000000000000000000001{i:D2}?mchid={host.Keys.MchId}";

        for (var i = 0; i < 3; i++)
        {
            using var failing = await host.Client.GetAsync(Query(i));
            Assert.Equal(HttpStatusCode.InternalServerError, failing.StatusCode);
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        await WaitForBreakerAsync(host, "pay-query-by-transaction-id", 2);
        using var rejected = await host.Client.GetAsync(Query(3));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, rejected.StatusCode);
        Assert.Equal("CIRCUIT_OPEN", (string?)(await JsonAsync(rejected))["code"]);
        Assert.True(rejected.Headers.RetryAfter?.Delta > TimeSpan.FromSeconds(200), "Retry-After must say when the break ends");
        Assert.Equal(3, host.Simulator.CountRequests("GET", QueryById));
        Assert.Contains(host.Logs.Entries, e => e.EventId.Id == 1304
            && e.Message.Contains("route pay-query-by-transaction-id opened for 00:05:00 after 3 failed calls in a row", StringComparison.Ordinal));
        Assert.Equal("Open", (string?)(await JsonAsync(await host.ManagementClient.GetAsync("/resilience")))["circuit_breakers"]!.AsArray()
            .Single(b => (string?)b!["route"] == "pay-query-by-transaction-id")!["state"]);
    }
}
