using System.Net;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator.Faults;

namespace EdgeGateway.IntegrationTests.Telemetry;

/// <summary>The RED metrics and signature failures, as Prometheus scrapes them from the management listener.</summary>
public sealed class MetricsTests
{
    private const string Requests = "edgegateway_proxy_requests_total";
    private const string Errors = "edgegateway_proxy_errors_total";
    private const string Duration = "edgegateway_proxy_request_duration_seconds_count";
    private const string VerificationFailures = "edgegateway_signature_verification_failures_total";

    /// <summary>
    /// 2xx, 429, 502 and 503 through what exists today: WeChat Pay's own 429 (RATELIMIT_EXCEEDED) and 503
    /// (overload protection) pass through and count as upstream errors; a spoiled signature is the
    /// gateway's own 502. The gateway's 429/503 (rate limit, quota, breaker) are labelled the same way,
    /// with error_source="gateway" and their error_code.
    /// </summary>
    [Fact]
    public async Task Metrics_CountersMoveFor2xx429And502And503()
    {
        await using var host = await GatewayTestHost.StartAsync();
        var before = await PrometheusScrape.ReadAsync(host.ManagementClient);

        await Prepay(host, HttpStatusCode.OK);
        await Prepay(host, HttpStatusCode.OK);
        host.Simulator.Faults.Current = new FaultSettings { TooManyRequestsRate = 1 };
        await Prepay(host, HttpStatusCode.TooManyRequests);
        host.Simulator.Faults.Current = new FaultSettings { ServiceUnavailableRate = 1 };
        await Prepay(host, HttpStatusCode.ServiceUnavailable);
        host.Simulator.Faults.Current = new FaultSettings { SignatureFault = SignatureFault.Tamper };
        await Prepay(host, HttpStatusCode.BadGateway);
        host.Simulator.Faults.Current = new FaultSettings { SignatureFault = SignatureFault.StaleTimestamp };
        await Prepay(host, HttpStatusCode.BadGateway);
        host.Simulator.Faults.Reset();

        var after = await PrometheusScrape.ReadWhenAsync(host.ManagementClient,
            scrape => scrape.Sum(Duration, ("route", "pay-jsapi")) - before.Sum(Duration, ("route", "pay-jsapi")) >= 6);
        double Delta(string name, params (string, string)[] labels) => after.Sum(name, labels) - before.Sum(name, labels);
        var route = ("route", "pay-jsapi");

        Assert.Equal(2, Delta(Requests, route, ("status", "200"), ("caller", GatewayTestHost.DefaultCallerName)));
        Assert.Equal(1, Delta(Requests, route, ("status", "429")));
        Assert.Equal(1, Delta(Requests, route, ("status", "503")));
        Assert.Equal(2, Delta(Requests, route, ("status", "502")));
        Assert.Equal(6, Delta(Duration, route));

        Assert.Equal(0, Delta(Errors, route, ("status", "200")));
        Assert.Equal(1, Delta(Errors, route, ("status", "429"), ("error_source", "upstream")));
        Assert.Equal(1, Delta(Errors, route, ("status", "503"), ("error_source", "upstream")));
        Assert.Equal(2, Delta(Errors, route, ("status", "502"), ("error_source", "gateway"), ("error_code", "UPSTREAM_SIGNATURE_INVALID")));

        Assert.Equal(1, Delta(VerificationFailures, route, ("source", "response"), ("reason", "SignatureMismatch")));
        Assert.Equal(1, Delta(VerificationFailures, route, ("source", "response"), ("reason", "StaleTimestamp")));
    }

    [Fact]
    public async Task Metrics_GatewayRefusals_CountAsGatewayErrorsWithTheirCode()
    {
        await using var host = await GatewayTestHost.StartAsync();
        var before = await PrometheusScrape.ReadAsync(host.ManagementClient);

        using (var response = await host.Client.PostAsync("/v3/pay/transactions/jsapi", Payloads.Json("{\"mchid\":")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        var after = await PrometheusScrape.ReadWhenAsync(host.ManagementClient,
            scrape => scrape.Sum(Requests, ("route", "pay-jsapi")) > before.Sum(Requests, ("route", "pay-jsapi")));
        Assert.Equal(1, after.Sum(Errors, ("route", "pay-jsapi"), ("status", "400"), ("error_code", "INVALID_REQUEST"))
                        - before.Sum(Errors, ("route", "pay-jsapi"), ("status", "400"), ("error_code", "INVALID_REQUEST")));
    }

    [Fact]
    public async Task Metrics_StorageStateGauge_SaysInMemoryWithoutRedis()
    {
        await using var host = await GatewayTestHost.StartAsync();

        var scrape = await PrometheusScrape.ReadAsync(host.ManagementClient);

        Assert.Equal(1, scrape.Sum("edgegateway_storage_state", ("state", "in_memory")));
        Assert.Equal(0, scrape.Sum("edgegateway_storage_state", ("state", "redis")));
    }

    [Fact]
    public async Task Metrics_OnPublicListener_IsNotFound()
    {
        await using var host = await GatewayTestHost.StartAsync();

        using var response = await host.Client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static async Task Prepay(GatewayTestHost host, HttpStatusCode expected)
    {
        using var response = await host.Client.PostAsync("/v3/pay/transactions/jsapi", Payloads.Json(Payloads.JsapiPrepay(host.Keys.MchId, Payloads.NewOutTradeNo())));
        Assert.Equal(expected, response.StatusCode);
    }
}
