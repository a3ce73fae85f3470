using System.Net;
using System.Text.Json.Nodes;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator.Faults;

namespace EdgeGateway.IntegrationTests.Proxy;

/// <summary>What callers see when WeChat Pay is down, slow, or answers garbage.</summary>
public sealed class UpstreamFailureTests
{
    [Fact]
    public async Task Upstream_RefusesConnections_Returns502UpstreamUnreachable()
    {
        var closedPort = GatewayTestHost.ClosedPort;
        await using var host = await GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:wechatpay:Destinations:primary:Address"] = $"http://127.0.0.1:{closedPort}/",
            ["ReverseProxy:Clusters:wechatpay:Destinations:backup:Address"] = $"http://127.0.0.1:{closedPort}/",
        });

        using var response = await host.Client.GetAsync($"/v3/pay/transactions/out-trade-no/ORDER0001?mchid={host.Keys.MchId}");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("UPSTREAM_UNREACHABLE", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["code"]);
    }

    [Fact]
    public async Task Upstream_SlowerThanRouteTimeout_Returns504UpstreamTimeout()
    {
        await using var host = await GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ReverseProxy:Routes:pay-query-by-out-trade-no:Timeout"] = "00:00:01",
            // The retry budget (MaxRetries × MaxDelay) must fit inside the shortened timeout, or the configuration is refused.
            ["Policies:Retries:queries:MaxDelay"] = "00:00:00.2",
            ["Policies:Retries:queries:BaseDelay"] = "00:00:00.1",
        });
        host.Simulator.Faults.Current = new FaultSettings { LatencyMs = 5000 };

        using var response = await host.Client.GetAsync($"/v3/pay/transactions/out-trade-no/ORDER0001?mchid={host.Keys.MchId}");

        Assert.True(response.StatusCode == HttpStatusCode.GatewayTimeout, await response.Content.ReadAsStringAsync());
        Assert.Equal("UPSTREAM_TIMEOUT", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["code"]);
    }

    [Fact]
    public async Task Upstream_AnswersUnsignedGarbage_Returns502SignatureInvalid()
    {
        await using var host = await GatewayTestHost.StartAsync();
        host.Simulator.Faults.Current = new FaultSettings { GarbageRate = 1 };

        using var response = await host.Client.GetAsync($"/v3/pay/transactions/out-trade-no/ORDER0001?mchid={host.Keys.MchId}");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("garbage", text, StringComparison.Ordinal);
        Assert.Equal("UPSTREAM_SIGNATURE_INVALID", (string?)JsonNode.Parse(text)!["code"]);
    }

    [Fact]
    public async Task Upstream_ResetsConnection_Returns502()
    {
        await using var host = await GatewayTestHost.StartAsync();
        host.Simulator.Faults.Current = new FaultSettings { ConnectionResetRate = 1 };

        using var response = await host.Client.GetAsync($"/v3/pay/transactions/out-trade-no/ORDER0001?mchid={host.Keys.MchId}");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("UPSTREAM_UNREACHABLE", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["code"]);
    }

    [Fact]
    public async Task NoMchidAndNoDefaultMerchant_Returns400()
    {
        await using var host = await GatewayTestHost.StartAsync(new Dictionary<string, string?> { ["EdgeGateway:DefaultMchId"] = "" });

        using var response = await host.Client.PostAsync("/v3/refund/domestic/refunds", Payloads.Json("{\"out_refund_no\":\"R1\"}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("INVALID_REQUEST", (string?)body["code"]);
        Assert.Contains("no default merchant", (string?)body["message"], StringComparison.Ordinal);
    }
}
