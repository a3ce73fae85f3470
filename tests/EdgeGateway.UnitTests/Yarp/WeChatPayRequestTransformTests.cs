using System.Text;
using EdgeGateway.Transforms.WeChatPay;
using EdgeGateway.Transforms.Yarp;
using EdgeGateway.UnitTests.TestSupport;
using EdgeGateway.UnitTests.WeChatPay;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Yarp.ReverseProxy.Transforms;

namespace EdgeGateway.UnitTests.Yarp;

/// <summary>
/// The request transform and the signing handler below it, as YARP tests its transforms: a <see cref="DefaultHttpContext"/>
/// for the caller's request, an outgoing <see cref="HttpRequestMessage"/> sent through <see cref="WeChatPaySigningHandler"/>
/// to a handler that only records it, and the docs/PROTOCOL.md §9.4 close-order vector, so what is signed and which
/// headers leave are checked byte for byte without a server.
/// </summary>
public sealed class WeChatPayRequestTransformTests
{
    private const string Destination = "https://api.mch.weixin.qq.com/";

    private static (RequestTransformContext Context, WeChatPayExchange Exchange) Prepare(Action<HttpRequest>? caller = null, string? advertisedSerial = null)
    {
        var key = TestVectorFiles.LoadPrivateKey(TestVectorFiles.GoPrivateKeyPkcs8);
        var body = Encoding.UTF8.GetBytes(ProtocolVectors.CloseBody);
        var http = new DefaultHttpContext();
        http.Request.Method = "POST";
        http.Request.Path = ProtocolVectors.CloseUrl;
        http.Request.ContentType = "application/json";
        http.Request.ContentLength = body.Length;
        caller?.Invoke(http.Request);
        var exchange = new WeChatPayExchange
        {
            Merchant = new MerchantCredentials(ProtocolVectors.MchId, ProtocolVectors.MerchantSerial, key),
            SignedBody = body,
            VerificationKeys = new VerificationKeySet([]),
            AdvertisedSerial = advertisedSerial,
        };
        http.Features.Set(exchange);
        var proxyRequest = new HttpRequestMessage(HttpMethod.Post, (Uri?)null) { Content = new ByteArrayContent(body) };
        proxyRequest.Headers.TryAddWithoutValidation("X-Added-By-Another-Transform", "1");
        var context = new RequestTransformContext
        {
            HttpContext = http,
            ProxyRequest = proxyRequest,
            Path = ProtocolVectors.CloseUrl,
            Query = new QueryTransformContext(http.Request),
            DestinationPrefix = Destination,
        };
        return (context, exchange);
    }

    private static WeChatPayRequestTransform Transform() => new("EdgeGateway-tests/1.0");

    private static RequestSigner VectorSigner() =>
        new(new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(ProtocolVectors.Timestamp)), new FixedNonceSource(FixedNonceSource.OfficialExampleNonce));

    /// <summary>Sends <paramref name="request"/> through the signing handler; returns what left it, as the socket would get it.</summary>
    private static async Task<HttpRequestMessage> SendThroughSigner(HttpRequestMessage request, RequestSigner signer)
    {
        var wire = new RecordingHandler();
        using var invoker = new HttpMessageInvoker(new WeChatPaySigningHandler(signer) { InnerHandler = wire });
        using var response = await invoker.SendAsync(request, CancellationToken.None);
        return Assert.Single(wire.Sent);
    }

    [Fact]
    public async Task TransformThenSigner_CloseOrderVector_SignsExactlyWhatIsSentWithTheKnownSignature()
    {
        var (context, exchange) = Prepare();

        await Transform().ApplyAsync(context);
        Assert.False(context.ProxyRequest.Headers.Contains("Authorization"), "the transform leaves signing to the handler below YARP");
        Assert.True(context.ProxyRequest.Options.TryGetValue(WeChatPayExchange.RequestOptionsKey, out var carried) && ReferenceEquals(exchange, carried),
            "the exchange rides on the request for the signing handler");
        var sent = await SendThroughSigner(context.ProxyRequest, VectorSigner());

        Assert.Equal(new Uri("https://api.mch.weixin.qq.com" + ProtocolVectors.CloseUrl), sent.RequestUri);
        Assert.Equal(
            "WECHATPAY2-SHA256-RSA2048 mchid=\"1900000001\",nonce_str=\"593BEC0C930BF1AFEB40B4A08C8FB242\",timestamp=\"1554208460\","
            + $"serial_no=\"1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C\",signature=\"{ProtocolVectors.CloseSignature}\"",
            sent.Headers.GetValues("Authorization").Single());
    }

    [Fact]
    public async Task Signer_EachAttempt_ReplacesTheAuthorizationWithOneForItsOwnNonceAndAddress()
    {
        var (context, _) = Prepare();
        await Transform().ApplyAsync(context);
        var signer = new RequestSigner(TimeProvider.System, RandomNonceSource.Instance);

        var first = (await SendThroughSigner(context.ProxyRequest, signer)).Headers.GetValues("Authorization").Single();
        context.ProxyRequest.RequestUri = new Uri("https://api2.mch.weixin.qq.com" + ProtocolVectors.CloseUrl); // a failover
        var second = (await SendThroughSigner(context.ProxyRequest, signer)).Headers.GetValues("Authorization").Single();

        Assert.Single(context.ProxyRequest.Headers.GetValues("Authorization"));
        Assert.True(AuthorizationHeader.TryParse(first, out var one, out _), first);
        Assert.True(AuthorizationHeader.TryParse(second, out var two, out _), second);
        Assert.NotEqual(one!.NonceStr, two!.NonceStr);
        Assert.NotEqual(one.Signature, two.Signature);
    }

    [Fact]
    public async Task Signer_RequestWithoutAnExchange_LeavesUnsigned()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://api.mch.weixin.qq.com/v3/certificates");

        var sent = await SendThroughSigner(request, VectorSigner());

        Assert.False(sent.Headers.Contains("Authorization"));
    }

    [Fact]
    public async Task ApplyAsync_CallerHeaders_OnlyTheAllowListTravels()
    {
        var (context, _) = Prepare(caller =>
        {
            caller.Headers["X-Api-Key"] = "internal-key";
            caller.Headers["Cookie"] = "session=1";
            caller.Headers["X-Tenant-Id"] = "t-42";
            caller.Headers["Authorization"] = "Bearer internal";
            caller.Headers["Wechatpay-Serial"] = "FORGED";
            caller.Headers["Accept-Language"] = "zh-CN";
            caller.Headers["traceparent"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        }, advertisedSerial: ProtocolVectors.ExamplePublicKeyId);

        await Transform().ApplyAsync(context);

        var request = context.ProxyRequest;
        Assert.Equal(["Accept", "Accept-Language", "traceparent", "User-Agent", "Wechatpay-Serial"],
            request.Headers.Select(h => h.Key).Order(StringComparer.OrdinalIgnoreCase));
        Assert.Equal("zh-CN", request.Headers.GetValues("Accept-Language").Single());
        Assert.Equal("application/json", request.Headers.Accept.Single().MediaType);
        Assert.Equal("EdgeGateway-tests/1.0", request.Headers.GetValues("User-Agent").Single());
        Assert.Equal(ProtocolVectors.ExamplePublicKeyId, request.Headers.GetValues("Wechatpay-Serial").Single());
        Assert.Equal("application/json", request.Content!.Headers.ContentType!.MediaType);
        Assert.Equal(ProtocolVectors.CloseBody.Length, request.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task ApplyAsync_WithoutTheExchange_FailsLoudlyInsteadOfSendingUnsigned()
    {
        var (context, _) = Prepare();
        context.HttpContext.Features.Set<WeChatPayExchange>(null);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Transform().ApplyAsync(context).AsTask());

        Assert.Equal("The WeChat Pay request transform ran without a WeChatPayExchange feature; the gateway's request preparation did not run.", error.Message);
    }

    /// <summary>The socket's place in the chain: records each request that reached it and answers 204.</summary>
    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<HttpRequestMessage> Sent { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Sent.Add(request);
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.NoContent) { RequestMessage = request });
        }
    }
}
