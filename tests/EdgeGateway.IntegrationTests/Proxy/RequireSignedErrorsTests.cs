using System.Net;
using System.Text.Json.Nodes;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator.Faults;

namespace EdgeGateway.IntegrationTests.Proxy;

/// <summary>
/// <c>EdgeGateway:WeChatPay:RequireSignedErrors</c> and a route's <c>Metadata.RequireSignedErrors</c>: an unsigned
/// error answer becomes 502 UPSTREAM_SIGNATURE_INVALID (reason MissingHeader) with its body withheld.
/// </summary>
public sealed class RequireSignedErrorsTests
{
    private const string QueryByOutTradeNo = "/v3/pay/transactions/out-trade-no/";
    private const string RefundQuery = "/v3/refund/domestic/refunds/";

    private const string Refusal =
        "WeChat Pay's 404 answer carried no signature, and this route requires signed error answers (RequireSignedErrors); it was withheld. For a payment or refund, query its state before retrying.";

    private static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("true", response.Headers.GetValues("X-EdgeGateway-Error").Single());
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("ORDER_NOT_EXIST", text, StringComparison.Ordinal);
        Assert.DoesNotContain("RESOURCE_NOT_EXISTS", text, StringComparison.Ordinal);
        var error = JsonNode.Parse(text)!;
        Assert.Equal("UPSTREAM_SIGNATURE_INVALID", (string?)error["code"]);
        Assert.Equal(Refusal, (string?)error["message"]);
        Assert.Equal("MissingHeader", (string?)error["detail"]!["reason"]);
        Assert.Equal(404, (int?)error["detail"]!["upstream_status"]);
    }

    [Fact]
    public async Task GlobalOn_UnsignedNotFound_Returns502SignatureInvalidAndWithholdsTheBody()
    {
        await using var host = await GatewayTestHost.StartAsync(new Dictionary<string, string?> { ["EdgeGateway:WeChatPay:RequireSignedErrors"] = "true" });
        host.Simulator.Faults.Current = new FaultSettings { SignatureFault = SignatureFault.Omit };
        using var metrics = new MeasurementRecorder(host, "edgegateway.signature.verification_failures", "edgegateway.upstream.unsigned_answers", "edgegateway.proxy.requests");

        using var response = await host.Client.GetAsync($"{QueryByOutTradeNo}NOSUCHORDER4?mchid={host.Keys.MchId}");

        await AssertRefusedAsync(response);
        Assert.Equal(404, Assert.Single(host.Simulator.Requests).Status);
        // Recorded as the exchange ends, possibly just after the client has its answer; the request count comes last.
        Assert.True(await Resilience.ResilienceTestSupport.EventuallyAsync(() => Task.FromResult(metrics.Of("edgegateway.proxy.requests").Any()), TimeSpan.FromSeconds(10)));
        var failure = Assert.Single(metrics.Of("edgegateway.signature.verification_failures"));
        Assert.Equal("MissingHeader", failure.Tag("reason"));
        Assert.Empty(metrics.Of("edgegateway.upstream.unsigned_answers"));
    }

    [Fact]
    public async Task GlobalOn_SignedNotFound_StillPassesThroughVerified()
    {
        await using var host = await GatewayTestHost.StartAsync(new Dictionary<string, string?> { ["EdgeGateway:WeChatPay:RequireSignedErrors"] = "true" });

        using var response = await host.Client.GetAsync($"{QueryByOutTradeNo}NOSUCHORDER5?mchid={host.Keys.MchId}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("ORDER_NOT_EXIST", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["code"]);
        Assert.Equal("verified", response.Headers.GetValues("X-EdgeGateway-Signature").Single());
    }

    [Fact]
    public async Task RouteOn_UnsignedNotFound_RefusedOnThatRouteOnly()
    {
        await using var host = await GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ReverseProxy:Routes:pay-query-by-out-trade-no:Metadata:RequireSignedErrors"] = "true",
        });
        host.Simulator.Faults.Current = new FaultSettings { SignatureFault = SignatureFault.Omit };

        using var refused = await host.Client.GetAsync($"{QueryByOutTradeNo}NOSUCHORDER6?mchid={host.Keys.MchId}");
        using var passed = await host.Client.GetAsync($"{RefundQuery}NOSUCHREFUND6");

        await AssertRefusedAsync(refused);
        Assert.Equal(HttpStatusCode.NotFound, passed.StatusCode);
        Assert.Equal("unsigned", passed.Headers.GetValues("X-EdgeGateway-Signature").Single());
    }

    [Fact]
    public async Task GlobalOnRouteOff_UnsignedNotFound_PassesThroughOnThatRoute()
    {
        await using var host = await GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["EdgeGateway:WeChatPay:RequireSignedErrors"] = "true",
            ["ReverseProxy:Routes:pay-query-by-out-trade-no:Metadata:RequireSignedErrors"] = "false",
        });
        host.Simulator.Faults.Current = new FaultSettings { SignatureFault = SignatureFault.Omit };

        using var response = await host.Client.GetAsync($"{QueryByOutTradeNo}NOSUCHORDER7?mchid={host.Keys.MchId}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("unsigned", response.Headers.GetValues("X-EdgeGateway-Signature").Single());
    }
}
