using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using EdgeGateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace EdgeGateway.IntegrationTests.Hardening;

/// <summary>Hostile HTTP at the public listener: Kestrel's limits on purpose, and nothing signed one way and sent another.</summary>
public sealed class HostileHttpTests : IAsyncLifetime
{
    private GatewayTestHost _host = null!;

    public async Task InitializeAsync() => _host = await GatewayTestHost.StartAsync(new Dictionary<string, string?>
    {
        ["EdgeGateway:ServerLimits:MaxRequestHeaderCount"] = "30",
        ["EdgeGateway:ServerLimits:MaxRequestHeadersTotalSize"] = "8192",
        ["EdgeGateway:ServerLimits:RequestHeadersTimeout"] = "00:00:02",
        ["EdgeGateway:ServerLimits:MinRequestBodyDataRate"] = "1000",
        ["EdgeGateway:ServerLimits:MinRequestBodyDataRateGracePeriod"] = "00:00:02",
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private string MchId => _host.Keys.MchId;

    private static string Head(string method, string target, params string[] extra) =>
        $"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Api-Key: {GatewayTestHost.DefaultApiKey}\r\n{string.Concat(extra.Select(h => h + "\r\n"))}";

    [Fact]
    public async Task TooManyHeaders_Returns431()
    {
        var headers = Enumerable.Range(0, 40).Select(i => $"X-Filler-{i}: x").ToArray();
        var status = await RawHttp.SendAsync(_host.Address, Head("GET", $"/v3/certificates", headers) + "\r\n", TimeSpan.FromSeconds(10));

        Assert.Equal(431, status);
        Assert.Empty(_host.Simulator.Requests);
    }

    [Fact]
    public async Task OversizedHeaders_Returns431()
    {
        var status = await RawHttp.SendAsync(_host.Address, Head("GET", "/v3/certificates", "X-Big: " + new string('a', 10_000)) + "\r\n", TimeSpan.FromSeconds(10));

        Assert.Equal(431, status);
    }

    [Fact]
    public async Task SlowLoris_HeadersNeverFinished_ConnectionIsClosed()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(_host.Address.Host, _host.Address.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /v3/certificates HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
        var clock = Stopwatch.StartNew();
        var closed = false;
        // Keep trickling one header byte a second; the server must give up on its own.
        while (clock.Elapsed < TimeSpan.FromSeconds(30) && !closed)
        {
            try
            {
                await stream.WriteAsync("X"u8.ToArray());
                await Task.Delay(1000);
                if (client.Client.Poll(0, SelectMode.SelectRead) && client.Client.Available == 0)
                {
                    closed = true;
                }
            }
            catch (IOException)
            {
                closed = true;
            }
        }

        Assert.True(closed, "the connection was still open after 30 s of trickled headers (RequestHeadersTimeout is 2 s)");
    }

    [Fact]
    public async Task SlowBody_BelowMinimumDataRate_IsRefusedAndNothingForwarded()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(_host.Address.Host, _host.Address.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(Head("POST", "/v3/pay/transactions/jsapi", "Content-Type: application/json", "Content-Length: 100000") + "\r\n{\"mchid\":"));
        var status = 0;
        for (var i = 0; i < 30 && status == 0; i++)
        {
            try
            {
                await stream.WriteAsync("1"u8.ToArray());
            }
            catch (IOException)
            {
                break;
            }

            if (client.Client.Poll(1_000_000, SelectMode.SelectRead))
            {
                status = await RawHttp.ReadStatusAsync(stream, TimeSpan.FromSeconds(5));
                break;
            }
        }

        Assert.True(status is 0 or 408, $"expected the connection closed or 408, got {status}");
        Assert.Empty(_host.Simulator.Requests);
    }

    [Theory]
    [InlineData("80000000\r\nabc", "The request body could not be read: Bad chunk size data.")] // 2 GiB: Kestrel's parser overflows (an IOException, not BadHttpRequestException)
    [InlineData("5\r\nabcdefghij\r\n0\r\n\r\n", "The request body could not be read: Bad chunk suffix.")] // more data than the chunk size said
    [InlineData("5zz\r\nabcde\r\n0\r\n\r\n", "The request body could not be read: Bad chunk size data.")] // garbage after the chunk size
    [InlineData("zz\r\n\r\n", "The request body could not be read: Bad chunk size data.")] // no chunk size at all
    public async Task MalformedChunkedBody_Returns400AndClosesTheConnection(string chunks, string message)
    {
        var request = Head("POST", "/v3/pay/transactions/jsapi", "Content-Type: application/json", "Transfer-Encoding: chunked") + "\r\n" + chunks;

        var answer = await RawHttpTranscript.ExchangeAsync(_host.Address, Encoding.ASCII.GetBytes(request), endSending: false, TimeSpan.FromSeconds(20));

        Assert.Equal([400], answer.Statuses);
        Assert.Contains("\r\nConnection: close\r\n", answer.Text, StringComparison.OrdinalIgnoreCase);
        Assert.True(answer.ClosedByServer, "the connection stayed open after a body whose framing could not be read");
        var body = JsonNode.Parse(answer.FirstBody)!;
        Assert.Equal("INVALID_REQUEST", (string?)body["code"]);
        Assert.Equal(message, (string?)body["message"]);
        Assert.Empty(_host.Simulator.Requests);
        AssertNoErrorLogged();
    }

    [Fact]
    public async Task PipelinedRequestAfterMalformedBody_IsNeverProcessed()
    {
        var pipelined = Head("GET", "/v3/certificates") + "\r\n";
        var request = Head("POST", "/v3/pay/transactions/jsapi", "Content-Type: application/json", "Transfer-Encoding: chunked") + "\r\nzz\r\n\r\n" + pipelined;

        var answer = await RawHttpTranscript.ExchangeAsync(_host.Address, Encoding.ASCII.GetBytes(request), endSending: false, TimeSpan.FromSeconds(20));

        // One answer, then the connection ends: the GET behind the broken body is not read as a request.
        Assert.Equal([400], answer.Statuses);
        Assert.True(answer.ClosedByServer);
        Assert.Empty(_host.Simulator.Requests);
        AssertNoErrorLogged();
    }

    [Theory]
    [InlineData("Transfer-Encoding: chunked", "10\r\n{\"mchid\":")] // a chunk cut short
    [InlineData("Content-Length: 1000", "{\"mchid\":\"1900000001\"")] // fewer bytes than announced
    public async Task TruncatedBody_ThenClientStopsSending_IsRefusedWithoutForwarding(string framing, string partialBody)
    {
        var request = Head("POST", "/v3/pay/transactions/jsapi", "Content-Type: application/json", framing) + "\r\n" + partialBody;

        var answer = await RawHttpTranscript.ExchangeAsync(_host.Address, Encoding.ASCII.GetBytes(request), endSending: true, TimeSpan.FromSeconds(20));

        // Kestrel sees the end of the stream before the end of the body: "Unexpected end of request content", the
        // caller's 400 (which a client that has gone may or may not still read). Never a 500, never forwarded.
        Assert.True(answer.Statuses is [] or [400], $"got {answer.Text}");
        Assert.True(answer.ClosedByServer);
        Assert.Empty(_host.Simulator.Requests);
        AssertNoErrorLogged();
    }

    [Fact]
    public async Task ConnectionResetMidBody_IsCountedAsTheCallersNotAnErrorOfTheGateway()
    {
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(_host.Address.Host, _host.Address.Port);
            await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(Head("POST", "/v3/pay/transactions/jsapi", "Content-Type: application/json", "Content-Length: 1000") + "\r\n{\"a\":"));
            await WaitUntilAsync(() => _host.Service<EdgeGateway.Hosting.InFlightRequests>().Count > 0);
            client.Client.LingerState = new LingerOption(true, 0); // close with RST
        }

        await WaitUntilAsync(() => _host.Logs.Entries.Any(e => e.EventId.Id == EdgeGateway.Telemetry.EventIds.RequestCompleted));
        var completed = Assert.Single(_host.Logs.Entries, e => e.EventId.Id == EdgeGateway.Telemetry.EventIds.RequestCompleted);
        // Which Kestrel notices first depends on timing: the reset (the caller is gone: 499) or the end of input before
        // the announced length ("Unexpected end of request content": the caller's 400). Never 500, and no stack trace.
        Assert.Contains(completed.Properties["Status"], new[] { "499", "400" });
        Assert.Empty(_host.Simulator.Requests);
        AssertNoErrorLogged();
    }

    private void AssertNoErrorLogged() =>
        Assert.DoesNotContain(_host.Logs.Entries, e => e.Level >= LogLevel.Error || (e.Exception is not null && e.Level >= LogLevel.Warning));

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), "the gateway did not get there within 10 s");
    }

    [Theory]
    [InlineData("X-Test: a\rb")]
    [InlineData("X-Test: a\u0001b")]
    [InlineData("X Test: space in the name")]
    public async Task MalformedHeaderLines_Return400(string header)
    {
        var status = await RawHttp.SendAsync(_host.Address, Head("GET", "/v3/certificates", header) + "\r\n", TimeSpan.FromSeconds(10));

        Assert.Equal(400, status);
        Assert.Empty(_host.Simulator.Requests);
    }

    [Fact]
    public async Task BareLineFeed_NeverLeavesALineBreakInAForwardedHeader()
    {
        // Kestrel reads a bare LF as the end of a header line: "a" and a separate header "b: c". No value keeps
        // the line break, so nothing can be smuggled into what is signed or forwarded.
        var status = await RawHttp.SendAsync(_host.Address, Head("GET", "/v3/certificates", "X-Test: a\nb: c") + "\r\n", TimeSpan.FromSeconds(10));

        Assert.True(status is 200 or 400, $"got {status}");
        Assert.All(_host.Simulator.Requests, r => Assert.True(r.SignatureAccepted));
    }

    [Fact]
    public async Task NonAsciiHeaderValue_Returns400()
    {
        var bytes = Encoding.ASCII.GetBytes(Head("GET", "/v3/certificates")).Concat(Encoding.UTF8.GetBytes("X-Name: 张三\r\n\r\n")).ToArray();

        var status = await RawHttp.SendAsync(_host.Address, bytes, TimeSpan.FromSeconds(10));

        Assert.Equal(400, status);
        Assert.Empty(_host.Simulator.Requests);
    }

    [Theory]
    [InlineData("/v3/pay/transactions/out-trade-no/../out-trade-no/{0}?mchid={1}")]
    [InlineData("/v3/pay/transactions/out-trade-no/%2e%2e/out-trade-no/{0}?mchid={1}")]
    [InlineData("/v3/pay/transactions/out-trade-no/./{0}?mchid={1}")]
    [InlineData("/v3/pay/transactions/out-trade-no/{0}?mchid={1}&x=%26y%3Dz")]
    [InlineData("/v3/pay/transactions/out-trade-no/{0}?mchid={1}&")]
    [InlineData("/v3/pay/transactions/out-trade-no/%7B{0}%7D?mchid={1}")]
    [InlineData("/v3//pay/transactions/out-trade-no/{0}?mchid={1}")]
    [InlineData("/v3/pay/transactions/out-trade-no/{0}%3Fmchid={1}")]
    public async Task PathAndQueryTricks_AreForwardedExactlyAsSignedOrRejected(string template)
    {
        var outTradeNo = Payloads.NewOutTradeNo();
        (await _host.Client.PostAsync("/v3/pay/transactions/jsapi", Payloads.Json(Payloads.JsapiPrepay(MchId, outTradeNo)))).EnsureSuccessStatusCode();
        _host.Simulator.ClearRequests();

        var status = await RawHttp.SendAsync(_host.Address, Head("GET", string.Format(System.Globalization.CultureInfo.InvariantCulture, template, outTradeNo, MchId)) + "\r\n", TimeSpan.FromSeconds(20));

        // Either the gateway refused it (4xx of its own, nothing forwarded) or WeChat Pay's stand-in accepted the
        // signature over exactly the target it received: never a request signed one way and sent another.
        Assert.All(_host.Simulator.Requests, r => Assert.True(r.SignatureAccepted, $"signature rejected for {r.Target}"));
        Assert.True(status is 200 or 400 or 404, $"unexpected status {status}");
        if (status == 200)
        {
            Assert.Single(_host.Simulator.Requests);
        }
    }

    [Fact]
    public async Task ImpersonationHeaders_AreNeutralised()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v3/pay/transactions/out-trade-no/NOSUCHORDER1?mchid={MchId}");
        request.Headers.Host = "api.mch.weixin.qq.com";
        request.Headers.TryAddWithoutValidation("X-Forwarded-Host", "evil.example");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.9");
        request.Headers.TryAddWithoutValidation("Forwarded", "for=203.0.113.9");
        request.Headers.TryAddWithoutValidation("Wechatpay-Timestamp", "1");
        request.Headers.TryAddWithoutValidation("Authorization", "WECHATPAY2-SHA256-RSA2048 mchid=\"x\"");

        using var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode); // WeChat Pay's own ORDER_NOT_EXIST, signed and verified
        var seen = Assert.Single(_host.Simulator.Requests);
        Assert.True(seen.SignatureAccepted);
        Assert.DoesNotContain(seen.HeaderNames, h => h.StartsWith("X-Forwarded", StringComparison.OrdinalIgnoreCase) || h.Equals("Forwarded", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(seen.HeaderNames, h => h.Equals("Wechatpay-Timestamp", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(seen.HeaderNames, h => h.Equals("X-Api-Key", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("/notify/http%3A%2F%2F169.254.169.254%2Flatest")]
    [InlineData("/notify/..%2F..%2Fadmin")]
    [InlineData("/notify/does-not-exist")]
    public async Task CallbackNames_CannotPointTheGatewayAnywhere(string path)
    {
        using var response = await _host.Client.PostAsync(path, Payloads.Json("{}"));

        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized, $"got {(int)response.StatusCode}");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("FAIL", (string?)body?["code"]);
    }
}
