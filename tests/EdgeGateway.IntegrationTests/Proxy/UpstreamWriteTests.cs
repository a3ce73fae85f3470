using System.Net;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.IntegrationTests.Resilience;
using EdgeGateway.Simulator;

namespace EdgeGateway.IntegrationTests.Proxy;

/// <summary>
/// What a forwarded request looks like on the wire to WeChat Pay: the body the gateway holds (and signed) leaves with
/// its headers in one write, byte for byte, through a recording relay in front of the real simulator.
/// </summary>
public sealed class UpstreamWriteTests
{
    private const string Prepay = "/v3/pay/transactions/jsapi";

    [Fact]
    public async Task Prepay_LeavesInOneWrite_HeadersAndTheExactBodyBytes()
    {
        await using var simulator = await SimulatorHost.StartAsync(TestKeys.Material.ToSimulatorOptions());
        await using var relay = new RecordingRelay(simulator.BaseAddress);
        await using var host = await GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:wechatpay:Destinations:primary:Address"] = relay.Address.ToString(),
            ["ReverseProxy:Clusters:wechatpay:Destinations:backup:Address"] = relay.Address.ToString(),
        });
        var body = Payloads.UnusualJsapiPrepay(host.Keys.MchId, Payloads.NewOutTradeNo());
        using var content = Payloads.JsonBytes(body);

        using var response = await host.Client.PostAsync(Prepay, content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(Assert.Single(simulator.Requests).SignatureAccepted);
        // The request reached the relay in one read: it was sent in one write, not headers first and the body after. (Two
        // writes can still land in one read when the relay reads late, so a return to two writes shows here often, not always.)
        Payloads.AssertWirePost(relay.Reads[0], Prepay, body);
    }
}
