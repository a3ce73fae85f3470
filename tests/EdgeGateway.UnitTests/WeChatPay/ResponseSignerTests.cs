using System.Security.Cryptography;
using System.Text;
using EdgeGateway.Transforms.WeChatPay;
using EdgeGateway.UnitTests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace EdgeGateway.UnitTests.WeChatPay;

public sealed class ResponseSignerTests
{
    private const string Nonce = FixedNonceSource.OfficialExampleNonce;
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(ProtocolVectors.Timestamp);

    [Fact]
    public void Sign_InjectedClockAndNonce_FillsEveryHeader()
    {
        using var platform = GeneratedPlatformKey.CreateCertificate(Now.AddDays(-1), Now.AddDays(1));
        var nonces = new FixedNonceSource(Nonce);
        var signer = new ResponseSigner(new FakeTimeProvider(Now), nonces);

        var headers = signer.Sign(platform.PrivateKey, platform.Serial, "{}"u8);

        Assert.Equal("1554208460", headers.Timestamp);
        Assert.Equal(Nonce, headers.Nonce);
        Assert.Equal(platform.Serial, headers.Serial);
        Assert.Equal("WECHATPAY2-SHA256-RSA2048", headers.SignatureType);
        Assert.Equal(1, nonces.Calls);
        Assert.True(headers.AnyPresent);
    }

    [Fact]
    public void Sign_GoKey_EqualsSha256WithRsaOverResponseMessage()
    {
        using var key = TestVectorFiles.LoadPrivateKey(TestVectorFiles.GoPrivateKeyPkcs8);
        var expected = Convert.ToBase64String(key.SignData(
            Encoding.UTF8.GetBytes($"1554208460\n{Nonce}\n{{\"a\":1}}\n"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

        var headers = ResponseSigner.Sign(key, "SERIAL", "1554208460", Nonce, "{\"a\":1}"u8);

        Assert.Equal(expected, headers.Signature);
    }

    [Theory]
    [InlineData("{\"id\":\"EV-2018022511223320873\",\"event_type\":\"TRANSACTION.SUCCESS\"}")]
    [InlineData("{\"summary\":\"支付成功\"}")]
    [InlineData("")]
    public void Sign_ThenVerify_Succeeds(string body)
    {
        using var platform = GeneratedPlatformKey.CreateCertificate(Now.AddDays(-1), Now.AddDays(1));
        var clock = new FakeTimeProvider(Now);
        var bodyBytes = Encoding.UTF8.GetBytes(body);

        var headers = new ResponseSigner(clock, RandomNonceSource.Instance).Sign(platform.PrivateKey, platform.Serial, bodyBytes);
        var result = new ResponseVerifier(clock).Verify(headers, bodyBytes, new VerificationKeySet([platform.Key]));

        Assert.Equal(VerificationResult.Success(platform.Serial), result);
    }

    [Fact]
    public void Sign_EmptyBody_SignsTimestampNonceEmptyLine()
    {
        // 204 No Content: the signed message is exactly "ts\nnonce\n\n" (PROTOCOL.md §2.2).
        using var platform = GeneratedPlatformKey.CreateCertificate(Now.AddDays(-1), Now.AddDays(1));

        var headers = new ResponseSigner(new FakeTimeProvider(Now), new FixedNonceSource(Nonce)).Sign(platform.PrivateKey, platform.Serial, []);

        Assert.True(platform.Key.PublicKey.VerifyData(
            Encoding.UTF8.GetBytes($"1554208460\n{Nonce}\n\n"),
            Convert.FromBase64String(headers.Signature!),
            HashAlgorithmName.SHA256,
            RSASignaturePadding.Pkcs1));
        Assert.True(new ResponseVerifier(new FakeTimeProvider(Now)).Verify(headers, [], new VerificationKeySet([platform.Key])).IsValid);
    }

    [Fact]
    public void Sign_PublicKeyMode_VerifiesUnderPubKeyId()
    {
        using var platform = GeneratedPlatformKey.CreatePublicKey(ProtocolVectors.ExamplePublicKeyId);

        var headers = new ResponseSigner(new FakeTimeProvider(Now), new FixedNonceSource(Nonce)).Sign(platform.PrivateKey, platform.Serial, "{}"u8);
        var result = new ResponseVerifier(new FakeTimeProvider(Now)).Verify(headers, "{}"u8, new VerificationKeySet([platform.Key]));

        Assert.Equal(ProtocolVectors.ExamplePublicKeyId, headers.Serial);
        Assert.Equal(VerificationResult.Success(ProtocolVectors.ExamplePublicKeyId), result);
    }
}
