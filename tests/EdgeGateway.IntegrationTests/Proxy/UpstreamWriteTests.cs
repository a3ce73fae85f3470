using System.Net;
using System.Text;
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
        // Odd spacing, key order and non-ASCII text: any re-serialisation on the way would change these bytes.
        var outTradeNo = Payloads.NewOutTradeNo();
        var body = Encoding.UTF8.GetBytes(
            $"{{ \"mchid\":\"{host.Keys.MchId}\",  \"appid\" : \"wxd678efh567hg6787\",\"description\":\"Image形象店-深圳腾大-QQ公仔\",\n" +
            $" \"out_trade_no\":\"{outTradeNo}\",\"notify_url\":\"https://www.weixin.qq.com/wxpay/pay.php\",\"amount\":{{\"total\":100,\"currency\":\"CNY\"}},\"payer\":{{\"openid\":\"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o\"}} }}");
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };

        using var response = await host.Client.PostAsync(Prepay, content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(Assert.Single(simulator.Requests).SignatureAccepted);
        // The request reached the relay in one read: it was sent in one write, not headers first and the body after. (Two
        // writes can still land in one read when the relay reads late, so a return to two writes shows here often, not always.)
        var first = relay.Reads[0];
        var headerEnd = first.AsSpan().IndexOf("\r\n\r\n"u8);
        Assert.True(headerEnd > 0, "the first read holds no complete request head");
        var head = Encoding.ASCII.GetString(first, 0, headerEnd);
        Assert.StartsWith($"POST {Prepay} HTTP/1.1", head, StringComparison.Ordinal);
        Assert.Contains($"Content-Length: {body.Length}", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Content-Type: application/json; charset=utf-8", head, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(body, first.AsSpan(headerEnd + 4).ToArray());
    }
}
