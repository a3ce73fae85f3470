using System.Security.Cryptography;
using System.Text;
using EdgeGateway.Transforms.WeChatPay;
using EdgeGateway.UnitTests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace EdgeGateway.UnitTests.WeChatPay;

public sealed class RequestSignerTests
{
    private const string Nonce = FixedNonceSource.OfficialExampleNonce;

    [Theory]
    [InlineData("GET", ProtocolVectors.GetCertificatesUrl, "", ProtocolVectors.GetCertificatesSignature)]
    [InlineData("POST", ProtocolVectors.CloseUrl, ProtocolVectors.CloseBody, ProtocolVectors.CloseSignature)]
    public void Sign_Section94Vector_ReproducesSignatureAndHeader(string method, string url, string body, string expectedSignature)
    {
        using var key = TestVectorFiles.LoadPrivateKey(TestVectorFiles.GoPrivateKeyPkcs8);
        var merchant = new MerchantCredentials(ProtocolVectors.MchId, ProtocolVectors.MerchantSerial, key);
        var signer = new RequestSigner(
            new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(ProtocolVectors.Timestamp)), new FixedNonceSource(Nonce));

        var header = signer.Sign(merchant, method, url, Encoding.UTF8.GetBytes(body));

        Assert.Equal(expectedSignature, header.Signature);
        Assert.Equal(new AuthorizationHeader(ProtocolVectors.MchId, Nonce, ProtocolVectors.Timestamp, ProtocolVectors.MerchantSerial, expectedSignature), header);
        Assert.Equal(
            "WECHATPAY2-SHA256-RSA2048 mchid=\"1900000001\",nonce_str=\"593BEC0C930BF1AFEB40B4A08C8FB242\",timestamp=\"1554208460\","
            + $"serial_no=\"1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C\",signature=\"{expectedSignature}\"",
            header.Format());
    }

    [Fact]
    public void Sign_SubSecondClock_UsesWholeUnixSeconds()
    {
        using var key = TestVectorFiles.LoadPrivateKey(TestVectorFiles.GoPrivateKeyPkcs8);
        var merchant = new MerchantCredentials(ProtocolVectors.MchId, ProtocolVectors.MerchantSerial, key);
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(ProtocolVectors.Timestamp * 1000 + 999));
        var signer = new RequestSigner(clock, new FixedNonceSource(Nonce));

        var header = signer.Sign(merchant, "GET", ProtocolVectors.GetCertificatesUrl, []);

        Assert.Equal(ProtocolVectors.Timestamp, header.Timestamp);
        Assert.Equal(ProtocolVectors.GetCertificatesSignature, header.Signature);
    }

    [Fact]
    public void Sign_ClockAdvances_TimestampFollowsTheInjectedClock()
    {
        using var key = RSA.Create(2048);
        var merchant = new MerchantCredentials(ProtocolVectors.MchId, ProtocolVectors.MerchantSerial, key);
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(ProtocolVectors.Timestamp));
        var nonces = new FixedNonceSource(Nonce);
        var signer = new RequestSigner(clock, nonces);

        var first = signer.Sign(merchant, "GET", "/v3/certificates", []);
        clock.Advance(TimeSpan.FromSeconds(42));
        var second = signer.Sign(merchant, "GET", "/v3/certificates", []);

        Assert.Equal(ProtocolVectors.Timestamp, first.Timestamp);
        Assert.Equal(ProtocolVectors.Timestamp + 42, second.Timestamp);
        Assert.Equal(2, nonces.Calls);
    }

    [Theory]
    [InlineData("GET", "/v3/pay/transactions/out-trade-no/1217752501201407033233368018?mchid=1900000001", "")]
    [InlineData("POST", "/v3/pay/transactions/native", "{\"appid\":\"wxd678efh567hg6787\",\"description\":\"腾讯充值中心-QQ会员充值\"}")]
    [InlineData("POST", ProtocolVectors.CloseUrl, ProtocolVectors.CloseBody)]
    public void Sign_ParsedHeader_VerifiesWithPublicKeyOverRequestMessage(string method, string url, string body)
    {
        using var key = RSA.Create(2048);
        var merchant = new MerchantCredentials(ProtocolVectors.MchId, ProtocolVectors.MerchantSerial, key);
        var signer = new RequestSigner(
            new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(ProtocolVectors.Timestamp)), RandomNonceSource.Instance);
        var bodyBytes = Encoding.UTF8.GetBytes(body);

        var formatted = signer.Sign(merchant, method, url, bodyBytes).Format();

        Assert.True(AuthorizationHeader.TryParse(formatted, out var parsed, out var error), error);
        Assert.Equal(ProtocolVectors.MchId, parsed!.MchId);
        Assert.Equal(ProtocolVectors.MerchantSerial, parsed.SerialNo);
        Assert.Equal(ProtocolVectors.Timestamp, parsed.Timestamp);
        using var publicKey = RSA.Create();
        publicKey.ImportSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo(), out _);
        var message = SignatureMessage.ForRequest(method, url, parsed.Timestamp, parsed.NonceStr, bodyBytes);
        Assert.True(publicKey.VerifyData(message, Convert.FromBase64String(parsed.Signature), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        var tampered = SignatureMessage.ForRequest(method, url, parsed.Timestamp, parsed.NonceStr, [.. bodyBytes, (byte)' ']);
        Assert.False(publicKey.VerifyData(tampered, Convert.FromBase64String(parsed.Signature), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }
}
