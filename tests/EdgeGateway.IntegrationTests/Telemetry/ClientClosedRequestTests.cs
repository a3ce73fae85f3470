using System.Net;
using System.Net.Sockets;
using System.Text;
using EdgeGateway.Hosting;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator.Faults;
using EdgeGateway.Telemetry;

namespace EdgeGateway.IntegrationTests.Telemetry;

/// <summary>
/// A request whose caller goes away before the gateway answered is counted and logged with status 499 (client
/// closed request): before, a stream cancelled while its body was read counted as 200 (nothing had set a status),
/// and one cancelled while WeChat Pay had not answered as YARP's 400. Dashboards must not show abandoned payments
/// as successes, nor as the caller's bad requests.
/// </summary>
public sealed class ClientClosedRequestTests : IAsyncLifetime
{
    private const string Prepay = "/v3/pay/transactions/jsapi";
    private GatewayTestHost _host = null!;
    private MeasurementRecorder _metrics = null!;
    private Uri _h2c = null!;

    public async Task InitializeAsync()
    {
        _h2c = new Uri($"http://127.0.0.1:{GatewayTestHost.FreePort()}");
        _host = await GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            // HTTP/2 with prior knowledge on a cleartext listener, so a plain HttpClient speaks h2 and cancels a stream with RST_STREAM.
            ["Kestrel:Endpoints:H2c:Url"] = _h2c.ToString(),
            ["Kestrel:Endpoints:H2c:Protocols"] = "Http2",
        });
        // WeChat Pay's stand-in holds every prepay long enough for the caller to give up first.
        _host.Simulator.Faults.Current = new FaultSettings { LatencyMs = 30_000, PathPrefix = Prepay };
        _metrics = new MeasurementRecorder(_host, "edgegateway.proxy.requests");
    }

    public async Task DisposeAsync()
    {
        _metrics.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Http2StreamCancelledMidRequest_IsCounted499()
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = _h2c };
        using var request = new HttpRequestMessage(HttpMethod.Post, Prepay)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = Payloads.Json(Payloads.JsapiPrepay(_host.Keys.MchId, Payloads.NewOutTradeNo())),
        };
        request.Headers.Add("X-Api-Key", GatewayTestHost.DefaultApiKey);
        using var cancel = new CancellationTokenSource();

        var sending = client.SendAsync(request, cancel.Token);
        await WaitUntilAsync(() => _host.Service<InFlightRequests>().Count > 0);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);

        await AssertCountedAsClientClosedAsync();
    }

    [Fact]
    public async Task Http2StreamCancelledWhileSendingItsBody_IsCounted499()
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = _h2c };
        using var request = new HttpRequestMessage(HttpMethod.Post, Prepay)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new StalledContent("{\"mchid\":", declaredLength: 500),
        };
        request.Headers.Add("X-Api-Key", GatewayTestHost.DefaultApiKey);
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var cancel = new CancellationTokenSource();

        var sending = client.SendAsync(request, cancel.Token);
        await WaitUntilAsync(() => _host.Service<InFlightRequests>().Count > 0);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);

        await AssertCountedAsClientClosedAsync();
        Assert.Empty(_host.Simulator.Requests);
    }

    [Fact]
    public async Task Http11ClientDisconnectingMidRequest_IsCounted499()
    {
        var body = Payloads.JsapiPrepay(_host.Keys.MchId, Payloads.NewOutTradeNo()).ToJsonString();
        var request = $"POST {Prepay} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Api-Key: {GatewayTestHost.DefaultApiKey}\r\nContent-Type: application/json\r\n" +
                      $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}";
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(_host.Address.Host, _host.Address.Port);
            await client.GetStream().WriteAsync(Encoding.UTF8.GetBytes(request));
            await WaitUntilAsync(() => _host.Service<InFlightRequests>().Count > 0);
        } // closed: the caller is gone before WeChat Pay answered

        await AssertCountedAsClientClosedAsync();
    }

    private async Task AssertCountedAsClientClosedAsync()
    {
        await WaitUntilAsync(() => _host.Logs.Entries.Any(e => e.EventId.Id == EventIds.RequestCompleted));
        var line = Assert.Single(_host.Logs.Entries, e => e.EventId.Id == EventIds.RequestCompleted);
        Assert.Equal("499", line.Properties["Status"]);
        var counted = Assert.Single(_metrics.Of("edgegateway.proxy.requests"));
        Assert.Equal("pay-jsapi", counted.Tag("route"));
        Assert.Equal("499", counted.Tag("status"));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 400 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition(), "the gateway did not get there within 10 s");
    }
}
