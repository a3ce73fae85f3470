using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Transforms.WeChatPay;
using Microsoft.Extensions.DependencyInjection;
using static EdgeGateway.IntegrationTests.Callbacks.CallbackTestSupport;

namespace EdgeGateway.IntegrationTests.Callbacks;

/// <summary>
/// The freshness window on <c>POST /notify/{name}</c>: a callback is fresh only when |now − Wechatpay-Timestamp| &lt; 300 s,
/// the same on both sides. The gateway's wall clock is held still so "exactly 300 s" is exact.
/// </summary>
public sealed class CallbackFreshnessTests : IAsyncLifetime
{
    private readonly SettableWallClock _clock = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
    private CallbackReceiver _receiver = null!;
    private GatewayTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _receiver = await CallbackReceiver.StartAsync();
        _host = await GatewayTestHost.StartAsync(Settings(_receiver.Url, redis: null, nameof(CallbackFreshnessTests)),
            configureGateway: builder => builder.Services.AddSingleton<TimeProvider>(_clock));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Theory]
    [InlineData(299, HttpStatusCode.NoContent, null)]
    [InlineData(300, HttpStatusCode.Unauthorized, "signature verification failed: StaleTimestamp")]
    [InlineData(301, HttpStatusCode.Unauthorized, "signature verification failed: StaleTimestamp")]
    [InlineData(-299, HttpStatusCode.NoContent, null)]
    [InlineData(-300, HttpStatusCode.Unauthorized, "signature verification failed: FutureTimestamp")]
    [InlineData(-301, HttpStatusCode.Unauthorized, "signature verification failed: FutureTimestamp")]
    public async Task Notify_SignedThisManySecondsAgo_IsAcceptedOnlyUnderFiveMinutes(int ageSeconds, HttpStatusCode expected, string? failMessage)
    {
        var envelope = Envelope(_host.Simulator, Transaction(Payloads.NewOutTradeNo()));
        var timestamp = (_clock.Now.ToUnixTimeSeconds() - ageSeconds).ToString(CultureInfo.InvariantCulture);

        using var response = await SendSignedAtAsync(envelope, timestamp);

        Assert.Equal(expected, response.StatusCode);
        if (failMessage is null)
        {
            Assert.True(await _receiver.WaitForProcessedAsync(1, TimeSpan.FromSeconds(30)), "the fresh callback was not delivered");
            Assert.Equal(IdOf(envelope), _receiver.Processed.Keys.Single());
        }
        else
        {
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal("FAIL", (string?)body["code"]);
            Assert.Equal(failMessage, (string?)body["message"]);
        }
    }

    /// <summary>Signs <paramref name="body"/> with the simulator's platform key under a chosen Wechatpay-Timestamp.</summary>
    private async Task<HttpResponseMessage> SendSignedAtAsync(byte[] body, string timestamp)
    {
        var (key, serial) = _host.Simulator.Signer.ChooseKey(requestedSerial: null);
        var signed = ResponseSigner.Sign(key, serial, timestamp, RandomNonceSource.Instance.Next(), body);
        var request = new HttpRequestMessage(HttpMethod.Post, "/notify/" + Name) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation(WeChatPayHeaders.Timestamp, signed.Timestamp);
        request.Headers.TryAddWithoutValidation(WeChatPayHeaders.Nonce, signed.Nonce);
        request.Headers.TryAddWithoutValidation(WeChatPayHeaders.Signature, signed.Signature);
        request.Headers.TryAddWithoutValidation(WeChatPayHeaders.Serial, signed.Serial);
        request.Headers.TryAddWithoutValidation(WeChatPayHeaders.SignatureType, signed.SignatureType);
        return await _host.Client.SendAsync(request);
    }
}
