using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using EdgeGateway.Hosting;
using EdgeGateway.IntegrationTests.Infrastructure;

namespace EdgeGateway.IntegrationTests.Hardening;

/// <summary>
/// Bodies are read before the route's rate limiter and timeout, within EdgeGateway:ServerLimits:RequestBodyTimeout:
/// a caller sending slowly holds no permit of the route, and a late body is the caller's 408, not WeChat Pay's 504.
/// </summary>
public sealed class SlowBodyTests
{
    private const string OtherApiKey = "test-only-other-caller-key-51d0";

    [Fact]
    public async Task StalledBody_PastTheRouteTimeout_Returns408WithJsonErrorNot504()
    {
        await using var host = await GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ReverseProxy:Routes:pay-jsapi:Timeout"] = "00:00:01", // shorter than the body timeout: the body is still late, not WeChat Pay
            ["EdgeGateway:ServerLimits:RequestBodyTimeout"] = "00:00:03",
        });
        var request = SlowHead(GatewayTestHost.DefaultApiKey) + "{\"mchid\":";

        var answer = await RawHttpTranscript.ExchangeAsync(host.Address, Encoding.ASCII.GetBytes(request), endSending: false, TimeSpan.FromSeconds(30));

        Assert.Equal([408], answer.Statuses);
        Assert.Contains("\r\nConnection: close\r\n", answer.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\r\nX-EdgeGateway-Error: true\r\n", answer.Text, StringComparison.OrdinalIgnoreCase);
        Assert.True(answer.ClosedByServer);
        var body = JsonNode.Parse(answer.FirstBody)!;
        Assert.Equal("INVALID_REQUEST", (string?)body["code"]);
        Assert.Equal("The request body did not arrive within 3 s; nothing was forwarded. Send the whole body at once.", (string?)body["message"]);
        Assert.Empty(host.Simulator.Requests);
    }

    [Fact]
    public async Task SlowBodiesOfOneCaller_BeyondTheConcurrencyLimit_DoNotStopAnotherCallersPrepay()
    {
        await using var host = await GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["EdgeGateway:ServerLimits:RequestBodyTimeout"] = "00:00:06",
            ["EdgeGateway:ServerLimits:MinRequestBodyDataRateGracePeriod"] = "00:00:30", // the body timeout, not the data rate, ends them
            ["EdgeGateway:Callers:other:ApiKeySha256"] = GatewayTestHost.HashApiKey(OtherApiKey),
            ["EdgeGateway:Callers:other:Routes:0"] = "*",
            ["EdgeGateway:Callers:other:MchIds:0"] = "*",
        });
        const int slow = 210; // pay-jsapi's policy "standard" allows 200 in flight
        var sockets = new List<TcpClient>();
        try
        {
            for (var i = 0; i < slow; i++)
            {
                var client = new TcpClient();
                sockets.Add(client);
                await client.ConnectAsync(host.Address.Host, host.Address.Port);
                await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(SlowHead(GatewayTestHost.DefaultApiKey) + "{\"mchid\":"));
            }

            // Every slow request is inside the pipeline (before the fix, each one of them held a concurrency permit here).
            var inFlight = host.Service<InFlightRequests>();
            for (var i = 0; i < 400 && inFlight.Count < slow; i++)
            {
                await Task.Delay(25);
            }

            Assert.Equal(slow, inFlight.Count);
            using var other = host.CreateClient(OtherApiKey);
            using var prepay = await other.PostAsync("/v3/pay/transactions/jsapi", Payloads.Json(Payloads.JsapiPrepay(host.Keys.MchId, Payloads.NewOutTradeNo())));

            Assert.Equal(HttpStatusCode.OK, prepay.StatusCode);
            var statuses = await Task.WhenAll(sockets.Select(s => RawHttp.ReadStatusAsync(s.GetStream(), TimeSpan.FromSeconds(30))));
            Assert.All(statuses, status => Assert.True(status is 408 or 0, $"a slow body got {status}"));
            Assert.Contains(408, statuses);
            Assert.Single(host.Simulator.Requests); // the other caller's prepay, nothing of the slow ones
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }
    }

    private static string SlowHead(string apiKey) =>
        $"POST /v3/pay/transactions/jsapi HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Api-Key: {apiKey}\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n";
}
