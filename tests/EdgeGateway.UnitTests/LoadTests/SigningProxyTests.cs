using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using EdgeGateway.LoadTests.Benchmarks.Hosts;
using EdgeGateway.Simulator.Keys;
using EdgeGateway.Transforms.WeChatPay;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace EdgeGateway.UnitTests.LoadTests;

/// <summary>
/// <c>bare-proxy --sign</c>, the floor that <c>cost</c>'s signing set-up measures: real Kestrel servers on 127.0.0.1, a real
/// RSA signature checked against the merchant certificate, and a real answer signature that must verify.
/// </summary>
public sealed class SigningProxyTests : IAsyncLifetime
{
    private static readonly byte[] Answer = "{\"prepay_id\":\"wx201410272009395522657a690389285100\"}"u8.ToArray();

    private readonly string _keysDirectory = Path.Combine(Path.GetTempPath(), "edgegateway-signing-proxy-" + Guid.NewGuid().ToString("N"));
    private readonly ConcurrentQueue<(string Method, string PathAndQuery, string? Authorization, byte[] Body)> _received = new();
    private SandboxKeyMaterial _keys = null!;
    private WebApplication _upstream = null!;
    private WebApplication _proxy = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _keys = SandboxKeyMaterial.LoadOrCreate(_keysDirectory);
        _upstream = StartUpstream();
        await _upstream.StartAsync();
        _proxy = BareProxyHost.Build(new BareProxyOptions("http://127.0.0.1:0", _upstream.Urls.Single() + "/", _keysDirectory));
        await _proxy.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_proxy.Urls.Single()), Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _proxy.DisposeAsync();
        await _upstream.DisposeAsync();
        Directory.Delete(_keysDirectory, recursive: true);
    }

    [Fact]
    public async Task EveryRequest_IsSignedWithTheMerchantKey_OverTheExactBytesSent()
    {
        const string body = "{\"appid\":\"wxd678efh567hg6787\",\"mchid\":\"1900000001\",\"description\":\"Image形象店\",\"out_trade_no\":\"S1\"}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v3/pay/transactions/jsapi?probe=1")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "WECHATPAY2-SHA256-RSA2048 forged=\"1\"");

        using var response = await _client.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(Answer, await response.Content.ReadAsByteArrayAsync());
        var (method, pathAndQuery, authorization, sent) = Assert.Single(_received);
        Assert.Equal(("POST", "/v3/pay/transactions/jsapi?probe=1"), (method, pathAndQuery));
        Assert.Equal(Encoding.UTF8.GetBytes(body), sent);
        Assert.True(AuthorizationHeader.TryParse(authorization, out var header, out var error), error);
        Assert.Equal((_keys.MchId, _keys.MerchantCertificateSerial), (header!.MchId, header.SerialNo));
        Assert.True(VerifiesWithMerchantCertificate(method, pathAndQuery, header, sent), "the forwarded request's signature does not verify with the merchant certificate");
    }

    [Fact]
    public async Task RequestWithoutBody_IsSignedOverAnEmptyBody()
    {
        using var response = await _client.GetAsync("/v3/pay/transactions/out-trade-no/S1?mchid=1900000001");

        Assert.Equal(200, (int)response.StatusCode);
        var (method, pathAndQuery, authorization, sent) = Assert.Single(_received);
        Assert.Empty(sent);
        Assert.True(AuthorizationHeader.TryParse(authorization, out var header, out var error), error);
        Assert.True(VerifiesWithMerchantCertificate(method, pathAndQuery, header!, []));
    }

    [Theory]
    [InlineData("body")]
    [InlineData("unsigned")]
    public async Task AnswerThatDoesNotVerify_Is502_AndItsBodyIsNotPassedOn(string forgery)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v3/pay/transactions/native") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("X-Forge", forgery);

        using var response = await _client.SendAsync(request);

        Assert.Equal(502, (int)response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    private bool VerifiesWithMerchantCertificate(string method, string pathAndQuery, AuthorizationHeader header, byte[] body)
    {
        using var certificate = PemKeys.LoadCertificateFile(_keys.MerchantCertificatePath);
        using var publicKey = certificate.GetRSAPublicKey()!;
        var message = SignatureMessage.ForRequest(method, pathAndQuery, header.Timestamp, header.NonceStr, body);
        return Rsa2048Signature.Verify(publicKey, message, Convert.FromBase64String(header.Signature));
    }

    /// <summary>A WeChat Pay stand-in that records what it got and answers signed with the platform key (or forged, on request).</summary>
    private WebApplication StartUpstream()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear(); // the gateway's appsettings.json in this folder would bind its own ports
        builder.Configuration.AddInMemoryCollection();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var platformKey = PemKeys.LoadPrivateKeyFile(_keys.PlatformPrivateKeyPath);
        var serial = PemKeys.LoadCertificateFile(_keys.PlatformCertificatePath).SerialNumber.ToUpperInvariant();
        app.Run(async context =>
        {
            using var copy = new MemoryStream();
            await context.Request.Body.CopyToAsync(copy);
            var request = context.Request;
            _received.Enqueue((request.Method, request.Path.Value + request.QueryString.Value, request.Headers.Authorization.ToString(), copy.ToArray()));
            var forgery = request.Headers["X-Forge"].ToString();
            var signed = new ResponseSigner(TimeProvider.System, RandomNonceSource.Instance).Sign(platformKey, serial, Answer);
            var response = context.Response;
            response.ContentType = "application/json";
            if (forgery != "unsigned")
            {
                response.Headers[WeChatPayHeaders.Timestamp] = signed.Timestamp;
                response.Headers[WeChatPayHeaders.Nonce] = signed.Nonce;
                response.Headers[WeChatPayHeaders.Signature] = signed.Signature;
                response.Headers[WeChatPayHeaders.Serial] = signed.Serial;
            }

            await response.Body.WriteAsync(forgery == "body" ? "{\"prepay_id\":\"wx-forged\"}"u8.ToArray() : Answer);
        });
        return app;
    }
}
