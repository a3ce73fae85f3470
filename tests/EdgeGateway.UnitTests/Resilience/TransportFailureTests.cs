using System.Net;
using System.Net.Sockets;
using EdgeGateway.Resilience;

namespace EdgeGateway.UnitTests.Resilience;

/// <summary>What counts as "nothing was sent" (the only failure a money-moving request may be re-sent after).</summary>
public sealed class TransportFailureTests
{
    [Fact]
    public async Task ConnectionRefused_NothingSent()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler { UseProxy = false });

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() =>
            invoker.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/v3/pay/transactions/jsapi"), CancellationToken.None));

        Assert.True(TransportFailure.NothingSent(failure, CancellationToken.None));
    }

    [Fact]
    public async Task ConnectTimeout_NothingSent_ButRouteTimeoutIsNot()
    {
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectTimeout = TimeSpan.FromMilliseconds(200),
            ConnectCallback = async (_, token) =>
            {
                await Task.Delay(Timeout.Infinite, token); // a destination that never accepts
                throw new InvalidOperationException("unreachable");
            },
        });

        var failure = await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:1/"), CancellationToken.None));

        Assert.True(TransportFailure.NothingSent(failure, CancellationToken.None));
        Assert.False(TransportFailure.NothingSent(failure, new CancellationToken(canceled: true)));
    }

    [Theory]
    [InlineData(HttpRequestError.ResponseEnded)]
    [InlineData(HttpRequestError.InvalidResponse)]
    [InlineData(HttpRequestError.Unknown)]
    public void FailuresAfterConnecting_MayHaveSentTheRequest(HttpRequestError error)
    {
        Assert.False(TransportFailure.NothingSent(new HttpRequestException(error, "after connecting"), CancellationToken.None));
        Assert.True(TransportFailure.IsTransportError(new HttpRequestException(error, "after connecting"), CancellationToken.None));
    }
}
