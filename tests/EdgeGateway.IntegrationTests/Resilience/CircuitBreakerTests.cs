using System.Net;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator.Faults;
using static EdgeGateway.IntegrationTests.Resilience.ResilienceTestSupport;

namespace EdgeGateway.IntegrationTests.Resilience;

/// <summary>Per-route circuit breakers against a simulator that fails on demand.</summary>
public sealed class CircuitBreakerTests
{
    private const string QueryById = "/v3/pay/transactions/id/";

    /// <summary>A breaker that opens after 4 calls at 50 % failures and stays open 2 s; queries not retried, so calls are countable.</summary>
    private static Dictionary<string, string?> FastBreaker(string breakDuration = "00:00:02") => new()
    {
        ["Policies:CircuitBreakers:fast:FailureRatio"] = "0.5",
        ["Policies:CircuitBreakers:fast:SamplingDuration"] = "00:01:00",
        ["Policies:CircuitBreakers:fast:MinimumThroughput"] = "4",
        ["Policies:CircuitBreakers:fast:BreakDuration"] = breakDuration,
        ["Policies:Retries:queries:MaxRetries"] = "0",
        ["ReverseProxy:Routes:pay-query-by-transaction-id:Metadata:CircuitBreaker"] = "fast",
        ["ReverseProxy:Routes:pay-jsapi:Metadata:CircuitBreaker"] = "fast",
    };

    [Fact]
    public async Task Breaker_UpstreamAlways5xx_OpensThenRejectsWithoutCallingUpstreamAndOtherRouteKeepsWorking()
    {
        await using var host = await GatewayTestHost.StartAsync(FastBreaker(breakDuration: "00:05:00"));
        host.Simulator.Faults.Current = new FaultSettings { ServerErrorRate = 1, PathPrefix = QueryById };
        var query = $"{QueryById}4200000000000000000000000001?mchid={host.Keys.MchId}";

        for (var i = 0; i < 4; i++)
        {
            using var failing = await host.Client.GetAsync(query);
            Assert.Equal(HttpStatusCode.InternalServerError, failing.StatusCode); // WeChat Pay's own 500 passes through
        }

        await WaitForBreakerAsync(host, "pay-query-by-transaction-id", 2);
        var callsWhenOpened = host.Simulator.CountRequests("GET", QueryById);
        Assert.Equal(4, callsWhenOpened);
        for (var i = 0; i < 5; i++)
        {
            using var rejected = await host.Client.GetAsync(query);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, rejected.StatusCode);
            Assert.Equal("CIRCUIT_OPEN", (string?)(await JsonAsync(rejected))["code"]);
            Assert.True(rejected.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After must say when to come back");
            Assert.Equal("true", rejected.Headers.GetValues("X-EdgeGateway-Error").Single());
        }

        Assert.Equal(callsWhenOpened, host.Simulator.CountRequests("GET", QueryById));

        // Another route, its own breaker: unaffected.
        using var prepay = await host.Client.PostAsync("/v3/pay/transactions/jsapi",
            Payloads.Json(Payloads.JsapiPrepay(host.Keys.MchId, Payloads.NewOutTradeNo())));
        Assert.Equal(HttpStatusCode.OK, prepay.StatusCode);

        Assert.Equal(2, BreakerStateGauge(host, "pay-query-by-transaction-id"));
        Assert.Equal(0, BreakerStateGauge(host, "pay-jsapi"));
        Assert.Contains(host.Logs.Entries, e => e.EventId.Id == 1301 && e.Message.Contains("pay-query-by-transaction-id", StringComparison.Ordinal));
        using var view = await host.ManagementClient.GetAsync("/resilience");
        var breakers = (await JsonAsync(view))["circuit_breakers"]!.AsArray();
        Assert.Contains(breakers, b => (string?)b!["route"] == "pay-query-by-transaction-id" && (string?)b["state"] == "Open");
        Assert.Contains(breakers, b => (string?)b!["route"] == "pay-jsapi" && (string?)b["state"] == "Closed");
    }

    [Fact]
    public async Task Breaker_AfterBreakDuration_HalfOpensAndClosesWhenUpstreamRecovers()
    {
        await using var host = await GatewayTestHost.StartAsync(FastBreaker());
        host.Simulator.Faults.Current = new FaultSettings { ServerErrorRate = 1, PathPrefix = QueryById };
        var query = $"{QueryById}4200000000000000000000000002?mchid={host.Keys.MchId}";
        var transitions = await CountAsync(host, "edgegateway.circuit_breaker.transitions", "state", async () =>
        {
            for (var i = 0; i < 4; i++)
            {
                (await host.Client.GetAsync(query)).Dispose();
            }

            await WaitForBreakerAsync(host, "pay-query-by-transaction-id", 2);
            using (var rejected = await host.Client.GetAsync(query))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, rejected.StatusCode);
            }

            host.Simulator.Faults.Reset();

            // After the break the next request is the half-open probe; WeChat Pay answers (404: no such order), which closes it.
            HttpStatusCode last = 0;
            Assert.True(await EventuallyAsync(async () =>
            {
                using var probe = await host.Client.GetAsync(query);
                last = probe.StatusCode;
                return last != HttpStatusCode.ServiceUnavailable;
            }, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(250)));
            Assert.Equal(HttpStatusCode.NotFound, last);

            // The probe's success closes the breaker just after its answer was written.
            Assert.True(await EventuallyAsync(() => Task.FromResult(host.Logs.Entries.Any(e => e.EventId.Id == 1303)), TimeSpan.FromSeconds(30)));
        });

        Assert.Equal(1, transitions.GetValueOrDefault("open"));
        Assert.Equal(1, transitions.GetValueOrDefault("half_open"));
        Assert.Equal(1, transitions.GetValueOrDefault("closed"));
        Assert.Equal(0, BreakerStateGauge(host, "pay-query-by-transaction-id"));
        var before = host.Simulator.CountRequests("GET", QueryById);
        using var after = await host.Client.GetAsync(query);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        Assert.Equal(before + 1, host.Simulator.CountRequests("GET", QueryById));
        Assert.Contains(host.Logs.Entries, e => e.EventId.Id == 1302);
        Assert.Contains(host.Logs.Entries, e => e.EventId.Id == 1303);
    }

    [Fact]
    public async Task Breaker_BusinessErrorsAndUpstream429_NeverOpenIt()
    {
        await using var host = await GatewayTestHost.StartAsync(FastBreaker());
        var unknownOrder = $"{QueryById}4200000000000000000000000003?mchid={host.Keys.MchId}";
        for (var i = 0; i < 8; i++)
        {
            using var notFound = await host.Client.GetAsync(unknownOrder);
            Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        }

        host.Simulator.Faults.Current = new FaultSettings { TooManyRequestsRate = 1, PathPrefix = QueryById };
        for (var i = 0; i < 8; i++)
        {
            using var limited = await host.Client.GetAsync(unknownOrder);
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        }

        Assert.Equal(16, host.Simulator.CountRequests("GET", QueryById));
        Assert.Equal(0, BreakerStateGauge(host, "pay-query-by-transaction-id"));
    }

    [Fact]
    public async Task Breaker_TransportErrors_CountAsFailures()
    {
        await using var host = await GatewayTestHost.StartAsync(FastBreaker(breakDuration: "00:05:00"));
        host.Simulator.Faults.Current = new FaultSettings { ConnectionResetRate = 1, PathPrefix = QueryById };
        var query = $"{QueryById}4200000000000000000000000004?mchid={host.Keys.MchId}";
        for (var i = 0; i < 4; i++)
        {
            using var reset = await host.Client.GetAsync(query);
            Assert.Equal(HttpStatusCode.BadGateway, reset.StatusCode);
        }

        await WaitForBreakerAsync(host, "pay-query-by-transaction-id", 2);
        using var rejected = await host.Client.GetAsync(query);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, rejected.StatusCode);
        Assert.Equal("CIRCUIT_OPEN", (string?)(await JsonAsync(rejected))["code"]);
        Assert.Equal(4, host.Simulator.CountRequests("GET", QueryById));
    }
}
