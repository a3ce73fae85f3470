using System.Net;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator.Faults;
using static EdgeGateway.IntegrationTests.Resilience.ResilienceTestSupport;

namespace EdgeGateway.IntegrationTests.Resilience;

/// <summary>Route timeouts: a slow WeChat Pay costs the caller the route's timeout, and nobody else anything.</summary>
public sealed class RouteTimeoutTests
{
    private const string QueryById = "/v3/pay/transactions/id/";

    [Fact]
    public async Task UpstreamSlowerThanRouteTimeout_Returns504_WhileOtherRequestsAreServed()
    {
        await using var host = await GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ReverseProxy:Routes:pay-query-by-transaction-id:Timeout"] = "00:00:03",
            // The retry budget (MaxRetries × MaxDelay) must fit inside the shortened timeout, or the configuration is refused.
            ["Policies:Retries:queries:MaxDelay"] = "00:00:00.2",
            ["Policies:Retries:queries:BaseDelay"] = "00:00:00.1",
        });
        (await host.Client.PostAsync("/v3/pay/transactions/jsapi",
            Payloads.Json(Payloads.JsapiPrepay(host.Keys.MchId, Payloads.NewOutTradeNo())))).EnsureSuccessStatusCode(); // warm up
        host.Simulator.Faults.Current = new FaultSettings { LatencyMs = 120_000, PathPrefix = QueryById };

        var slow = Enumerable.Range(0, 8)
            .Select(i => host.Client.GetAsync($"{QueryById}42000000000000000000000001{i:D2}?mchid={host.Keys.MchId}"))
            .ToList();
        var proxy = host.Service<Yarp.ReverseProxy.IProxyStateLookup>();
        Assert.True(proxy.TryGetCluster("wechatpay", out var cluster));
        Assert.True(await EventuallyAsync(() => Task.FromResult(cluster.Destinations.Values.Sum(d => d.ConcurrentRequestCount) == slow.Count),
            TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(10)), "the slow queries were not all in flight to WeChat Pay");

        // While every slow query is held by WeChat Pay, another route answers at once.
        using var prepay = await host.Client.PostAsync("/v3/pay/transactions/jsapi",
            Payloads.Json(Payloads.JsapiPrepay(host.Keys.MchId, Payloads.NewOutTradeNo())));
        Assert.Equal(HttpStatusCode.OK, prepay.StatusCode);
        Assert.All(slow, task => Assert.False(task.IsCompleted, "a slow query finished before the fast request"));

        foreach (var task in slow)
        {
            using var response = await task;
            Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
            Assert.Equal("UPSTREAM_TIMEOUT", (string?)(await JsonAsync(response))["code"]);
        }

        // The simulator records an abandoned request when it notices the gateway hung up.
        Assert.True(await EventuallyAsync(() => Task.FromResult(host.Simulator.CountRequests("GET", QueryById) == slow.Count), TimeSpan.FromSeconds(30)));
    }
}
