using System.Text;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Telemetry;
using Microsoft.Extensions.Logging;
using static EdgeGateway.IntegrationTests.Callbacks.CallbackTestSupport;

namespace EdgeGateway.IntegrationTests.Callbacks;

/// <summary>
/// Framing errors on <c>POST /notify/{name}</c> are the sender's: a 4xx with WeChat Pay's FAIL body and
/// <c>Connection: close</c> (or a closed connection when the sender is gone), never a 500, never a stack trace,
/// and nothing pipelined behind a malformed body is read as a request. Raw sockets on a real gateway.
/// </summary>
public sealed class CallbackFramingTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private CallbackReceiver _receiver = null!;
    private GatewayTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _receiver = await CallbackReceiver.StartAsync();
        _host = await GatewayTestHost.StartAsync(Settings(_receiver.Url, redis: null, nameof(CallbackFramingTests)));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task Notify_ChunkSizeLineOf2GiB_Is400FailWithoutAnErrorOrThePathInTheLog()
    {
        var envelope = Envelope(_host.Simulator, Transaction(Payloads.NewOutTradeNo()));

        var exchange = await RawCallback.SendAsync(_host.Address, RawCallback.Chunked(_host.Simulator, envelope, Ascii("80000000\r\n{\"id\":1}")), Patience);

        Assert.Equal([400], exchange.Statuses);
        Assert.Equal("""{"code":"FAIL","message":"the request could not be read"}""", exchange.FirstBody);
        Assert.Contains("Connection: close", exchange.FirstHead, StringComparison.OrdinalIgnoreCase);
        Assert.True(exchange.ClosedByServer, "the connection stayed open after a malformed body");
        Assert.DoesNotContain(_host.Logs.Entries, e => e.Level >= LogLevel.Error);
        var refusal = Assert.Single(_host.Logs.Entries, e => e.EventId.Id == EventIds.CallbackRejected);
        Assert.Equal("Callback to pay refused with 400 (malformed_request): IOException: Bad chunk size data.", refusal.Message);
        Assert.Null(refusal.Exception);
        Assert.DoesNotContain(_host.Logs.Entries, e => e.Message.Contains("/notify/", StringComparison.Ordinal) && e.EventId.Id != EventIds.RequestCompleted);
    }

    [Theory]
    [InlineData("2 GiB chunk", "80000000\r\n{}")]
    [InlineData("16-digit chunk size", "ffffffffffffffff\r\n{}")]
    [InlineData("not hex", "zz\r\n{}\r\n0\r\n\r\n")]
    [InlineData("negative size", "-1\r\n{}\r\n0\r\n\r\n")]
    [InlineData("no CRLF after the data", "2\r\n{}XX0\r\n\r\n")]
    [InlineData("more data than declared", "1\r\n{}\r\n0\r\n\r\n")]
    public async Task Notify_MalformedChunk_Is400FailAndTheConnectionIsClosed(string label, string chunkedBody)
    {
        var envelope = Envelope(_host.Simulator, Transaction(Payloads.NewOutTradeNo()));

        var exchange = await RawCallback.SendAsync(_host.Address, RawCallback.Chunked(_host.Simulator, envelope, Ascii(chunkedBody)), Patience);

        Assert.True(exchange.Statuses is [400], $"{label}: {exchange.Text}");
        Assert.Equal("""{"code":"FAIL","message":"the request could not be read"}""", exchange.FirstBody);
        Assert.Contains("Connection: close", exchange.FirstHead, StringComparison.OrdinalIgnoreCase);
        Assert.True(exchange.ClosedByServer, $"{label}: the connection stayed open");
        Assert.DoesNotContain(_host.Logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Theory]
    [InlineData("not hex", "zz\r\n", 400)]
    [InlineData("2 GiB chunk", "80000000\r\n", 400)]
    [InlineData("over MaxBodyBytes, well framed", "OVERSIZE", 413)]
    public async Task Notify_ValidCallbackPipelinedAfterABadBody_IsNotProcessed(string label, string chunkedBody, int status)
    {
        var first = Envelope(_host.Simulator, Transaction(Payloads.NewOutTradeNo()));
        var second = Envelope(_host.Simulator, Transaction(Payloads.NewOutTradeNo()));
        var bad = chunkedBody == "OVERSIZE" ? Oversized() : Ascii(chunkedBody);
        byte[] pipelined = [.. RawCallback.Chunked(_host.Simulator, first, bad), .. RawCallback.Valid(_host.Simulator, second)];

        var exchange = await RawCallback.SendAsync(_host.Address, pipelined, Patience);

        Assert.True(exchange.Statuses.SequenceEqual([status]), $"{label}: {string.Join(", ", exchange.Statuses)}");
        Assert.True(exchange.ClosedByServer);
        await Task.Delay(1000);
        Assert.Empty(_receiver.Received);
        Assert.DoesNotContain(_host.Logs.Entries, e => e.EventId.Id == EventIds.CallbackAccepted);
    }

    [Fact]
    public async Task Notify_TwoValidCallbacksPipelined_AreBothProcessed()
    {
        // The control for the test above: pipelining works here, so "not processed" there is the close, not the client.
        var first = Envelope(_host.Simulator, Transaction(Payloads.NewOutTradeNo()));
        var second = Envelope(_host.Simulator, Transaction(Payloads.NewOutTradeNo()));
        byte[] pipelined = [.. RawCallback.Valid(_host.Simulator, first), .. RawCallback.Valid(_host.Simulator, second), .. Ascii("GET /notify/pay HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")];

        var exchange = await RawCallback.SendAsync(_host.Address, pipelined, Patience);

        Assert.Equal(204, exchange.Statuses[0]);
        Assert.Equal(204, exchange.Statuses[1]);
        Assert.True(await _receiver.WaitForProcessedAsync(2, TimeSpan.FromSeconds(30)));
        Assert.Equal(new[] { IdOf(first), IdOf(second) }.Order(StringComparer.Ordinal), _receiver.Processed.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("chunked, cut mid-chunk", true)]
    [InlineData("Content-Length, cut short", false)]
    public async Task Notify_SenderGoneMidBody_ConnectionClosedWithoutAnErrorOrADelivery(string label, bool chunked)
    {
        var envelope = Envelope(_host.Simulator, Transaction(Payloads.NewOutTradeNo()));
        var partial = chunked
            ? RawCallback.Chunked(_host.Simulator, envelope, [.. Ascii($"{envelope.Length:x}\r\n"), .. envelope.AsSpan(0, 20)])
            : [.. RawCallback.Head(_host.Simulator, envelope, $"Content-Length: {envelope.Length}"), .. envelope.AsSpan(0, 20)];

        await RawCallback.SendAsync(_host.Address, partial, Patience, reset: true);

        Assert.True(await EventuallyAsync(() => Task.FromResult(_host.Logs.Entries.Any(e => e.EventId.Id is EventIds.CallbackRejected or EventIds.CallbackClientGone)),
            Patience), $"{label}: the ingress never finished");
        Assert.DoesNotContain(_host.Logs.Entries, e => e.Level >= LogLevel.Error);
        Assert.DoesNotContain(_host.Logs.Entries, e => e.EventId.Id == EventIds.CallbackRejected && e.Message.Contains(" 500 ", StringComparison.Ordinal));
        Assert.Empty(_receiver.Received);
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    /// <summary>A correctly chunked body one chunk larger than the 64 KiB the callback route reads.</summary>
    private static byte[] Oversized() => Ascii($"{70 * 1024:x}\r\n{new string('x', 70 * 1024)}\r\n0\r\n\r\n");
}
