using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EdgeGateway.Transforms.WeChatPay;
using EdgeGateway.UnitTests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace EdgeGateway.UnitTests.WeChatPay;

public sealed class ResponseVerifierTests(PlatformKeysFixture keys) : IClassFixture<PlatformKeysFixture>
{
    private const string Nonce = "c5ac7061fccab6bf3e254dcf98995b8c";
    private static readonly byte[] Body = "{\"code_url\":\"weixin://wxpay/bizpayurl?pr=p4lpSuKzz\"}"u8.ToArray();
    private static readonly string NowText = ProtocolVectors.Timestamp.ToString(CultureInfo.InvariantCulture);

    private readonly ResponseVerifier _verifier = new(new FakeTimeProvider(PlatformKeysFixture.Now));

    private VerificationKeySet CertificateOnly => new([keys.Certificate.Key]);

    private VerificationKeySet Mixed => new([keys.Certificate.Key, keys.PublicKey.Key]);

    private static SignedMessageHeaders Signed(GeneratedPlatformKey key, byte[] body, string? timestamp = null, string? serial = null) =>
        ResponseSigner.Sign(key.PrivateKey, serial ?? key.Serial, timestamp ?? NowText, Nonce, body);

    [Fact]
    public void Verify_ValidCertificateSignature_Succeeds()
    {
        var result = _verifier.Verify(Signed(keys.Certificate, Body), Body, CertificateOnly);

        Assert.Equal(VerificationResult.Success(keys.Certificate.Serial), result);
        Assert.True(result.IsValid);
    }

    [Fact]
    public void Verify_EmptyBody_VerifiesTimestampNonceEmptyLine()
    {
        // Signed independently of SignatureMessage: exactly "ts\nnonce\n\n" (PROTOCOL.md §2.2, 204 No Content).
        var signature = keys.Certificate.PrivateKey.SignData(
            Encoding.UTF8.GetBytes($"{NowText}\n{Nonce}\n\n"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var headers = new SignedMessageHeaders(NowText, Nonce, Convert.ToBase64String(signature), keys.Certificate.Serial);

        var result = _verifier.Verify(headers, [], CertificateOnly);

        Assert.Equal(VerificationResult.Success(keys.Certificate.Serial), result);
    }

    [Fact]
    public void Verify_SerialInLowerCase_FindsCertificateCaseInsensitively()
    {
        var headers = Signed(keys.Certificate, Body, serial: keys.Certificate.Serial.ToLowerInvariant());

        var result = _verifier.Verify(headers, Body, CertificateOnly);

        Assert.Equal(VerificationResult.Success(keys.Certificate.Serial), result);
    }

    [Fact]
    public void Verify_TamperedBody_FailsWithSignatureMismatch()
    {
        var headers = Signed(keys.Certificate, Body);
        var tampered = Body.ToArray();
        tampered[^2] ^= 0x01;

        var result = _verifier.Verify(headers, tampered, CertificateOnly);

        Assert.Equal(VerificationResult.Failed(VerificationFailure.SignatureMismatch, keys.Certificate.Serial), result);
    }

    [Fact]
    public void Verify_BodyWithExtraTrailingNewline_FailsWithSignatureMismatch()
    {
        var result = _verifier.Verify(Signed(keys.Certificate, Body), [.. Body, (byte)'\n'], CertificateOnly);

        Assert.Equal(VerificationFailure.SignatureMismatch, result.Failure);
    }

    [Fact]
    public void Verify_SignedByWrongKey_FailsWithSignatureMismatch()
    {
        // Signed by another private key but naming the held certificate's serial.
        var headers = Signed(keys.OtherCertificate, Body, serial: keys.Certificate.Serial);

        var result = _verifier.Verify(headers, Body, CertificateOnly);

        Assert.Equal(VerificationResult.Failed(VerificationFailure.SignatureMismatch, keys.Certificate.Serial), result);
    }

    [Fact]
    public void Verify_UnknownSerial_FailsWithUnknownSerial()
    {
        var headers = Signed(keys.OtherCertificate, Body);

        var result = _verifier.Verify(headers, Body, CertificateOnly);

        Assert.Equal(VerificationResult.Failed(VerificationFailure.UnknownSerial, keys.OtherCertificate.Serial), result);
    }

    [Fact]
    public void Verify_EmptyKeySet_FailsWithUnknownSerial()
    {
        var result = _verifier.Verify(Signed(keys.Certificate, Body), Body, VerificationKeySet.Empty);

        Assert.Equal(VerificationFailure.UnknownSerial, result.Failure);
    }

    [Theory]
    [InlineData(-299, VerificationFailure.None)]
    [InlineData(-300, VerificationFailure.StaleTimestamp)]
    [InlineData(-301, VerificationFailure.StaleTimestamp)]
    [InlineData(-3600, VerificationFailure.StaleTimestamp)]
    [InlineData(-1554208460, VerificationFailure.StaleTimestamp)]
    [InlineData(-1, VerificationFailure.None)]
    [InlineData(0, VerificationFailure.None)]
    [InlineData(1, VerificationFailure.None)]
    [InlineData(299, VerificationFailure.None)]
    [InlineData(300, VerificationFailure.FutureTimestamp)]
    [InlineData(301, VerificationFailure.FutureTimestamp)]
    [InlineData(86400, VerificationFailure.FutureTimestamp)]
    public void Verify_TimestampOffsetFromNow_AcceptsOnlyLessThanFiveMinutesEitherSide(long offsetSeconds, VerificationFailure expected)
    {
        var timestamp = (ProtocolVectors.Timestamp + offsetSeconds).ToString(CultureInfo.InvariantCulture);
        var headers = Signed(keys.Certificate, Body, timestamp);

        var result = _verifier.Verify(headers, Body, CertificateOnly);

        Assert.Equal(expected, result.Failure);
    }

    [Fact]
    public void Verify_ClockMovesPastWindow_SameResponseBecomesStaleAtExactlyFiveMinutes()
    {
        var clock = new FakeTimeProvider(PlatformKeysFixture.Now);
        var verifier = new ResponseVerifier(clock);
        var headers = Signed(keys.Certificate, Body);

        clock.Advance(TimeSpan.FromSeconds(299));
        var insideWindow = verifier.Verify(headers, Body, CertificateOnly);
        clock.Advance(TimeSpan.FromSeconds(1));
        var atBoundary = verifier.Verify(headers, Body, CertificateOnly);

        Assert.True(insideWindow.IsValid);
        Assert.Equal(VerificationFailure.StaleTimestamp, atBoundary.Failure);
    }

    [Theory]
    [InlineData(300, "Wechatpay-Timestamp is 5 minutes old or older")]
    [InlineData(-300, "Wechatpay-Timestamp is 5 minutes or more in the future")]
    public void Verify_TimestampAtTheBoundary_DescribesTheRefusal(long ageSeconds, string expected)
    {
        var timestamp = (ProtocolVectors.Timestamp - ageSeconds).ToString(CultureInfo.InvariantCulture);

        var result = _verifier.Verify(Signed(keys.Certificate, Body, timestamp), Body, CertificateOnly);

        Assert.Equal(expected, result.Describe());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1554208460.0")]
    [InlineData("+1554208460")]
    [InlineData("-1554208460")]
    [InlineData(" 1554208460")]
    [InlineData("1554208460 ")]
    [InlineData("1.55e9")]
    [InlineData("0x5CA3554C")]
    [InlineData("1554208460000")]
    [InlineData("99999999999999999999999")]
    [InlineData("１５５４２０８４６０")]
    public void Verify_MalformedTimestamp_FailsWithMalformedTimestamp(string timestamp)
    {
        var headers = Signed(keys.Certificate, Body, timestamp);

        var result = _verifier.Verify(headers, Body, CertificateOnly);

        Assert.Equal(VerificationFailure.MalformedTimestamp, result.Failure);
    }

    public static TheoryData<string, string?> MissingHeaders => new()
    {
        { "Wechatpay-Timestamp", null },
        { "Wechatpay-Timestamp", "" },
        { "Wechatpay-Nonce", null },
        { "Wechatpay-Nonce", "" },
        { "Wechatpay-Signature", null },
        { "Wechatpay-Signature", "" },
        { "Wechatpay-Serial", null },
        { "Wechatpay-Serial", "" },
    };

    [Theory]
    [MemberData(nameof(MissingHeaders))]
    public void Verify_HeaderMissingOrEmpty_FailsWithMissingHeader(string name, string? value)
    {
        var signed = Signed(keys.Certificate, Body);
        var headers = name switch
        {
            WeChatPayHeaders.Timestamp => signed with { Timestamp = value },
            WeChatPayHeaders.Nonce => signed with { Nonce = value },
            WeChatPayHeaders.Signature => signed with { Signature = value },
            WeChatPayHeaders.Serial => signed with { Serial = value },
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };

        var result = _verifier.Verify(headers, Body, CertificateOnly);

        Assert.Equal(VerificationFailure.MissingHeader, result.Failure);
    }

    [Fact]
    public void Verify_NoSignatureHeadersAtAll_FailsWithMissingHeader()
    {
        var result = _verifier.Verify(SignedMessageHeaders.From(_ => null), Body, CertificateOnly);

        Assert.Equal(VerificationFailure.MissingHeader, result.Failure);
    }

    [Fact]
    public void Verify_SignatureProbe_FailsWithSignatureProbe()
    {
        var headers = Signed(keys.Certificate, Body) with { Signature = "WECHATPAY/SIGNTEST/" + Convert.ToBase64String(new byte[64]) };

        var result = _verifier.Verify(headers, Body, CertificateOnly);

        Assert.Equal(VerificationResult.Failed(VerificationFailure.SignatureProbe, keys.Certificate.Serial), result);
    }

    [Fact]
    public void Verify_ProbePrefixedToValidSignature_NeverVerifies()
    {
        var signed = Signed(keys.Certificate, Body);

        var result = _verifier.Verify(signed with { Signature = WeChatPayHeaders.ProbePrefix + signed.Signature }, Body, CertificateOnly);

        Assert.False(result.IsValid);
        Assert.Equal(VerificationFailure.SignatureProbe, result.Failure);
    }

    [Fact]
    public void Verify_ProbeThatIsWellFormedBase64OfKeyLength_IsReportedAsProbeBeforeAnyRsaCheck()
    {
        // "WECHATPAY/SIGNTEST/" is itself Base64 text: pad it to exactly 256 decoded bytes so that only the
        // prefix check, not Base64 or length validation, can be what rejects it.
        var probe = WeChatPayHeaders.ProbePrefix + new string('A', 344 - WeChatPayHeaders.ProbePrefix.Length - 2) + "==";
        Assert.Equal(256, Convert.FromBase64String(probe).Length);
        var headers = Signed(keys.Certificate, Body) with { Signature = probe };

        var result = _verifier.Verify(headers, Body, CertificateOnly);

        Assert.Equal(VerificationFailure.SignatureProbe, result.Failure);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("c2lnbmF0dXJl=")]
    [InlineData("====")]
    [InlineData("€€€€")]
    public void Verify_SignatureNotBase64_FailsWithMalformedSignature(string signature)
    {
        var headers = Signed(keys.Certificate, Body) with { Signature = signature };

        var result = _verifier.Verify(headers, Body, CertificateOnly);

        Assert.Equal(VerificationResult.Failed(VerificationFailure.MalformedSignature, keys.Certificate.Serial), result);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(128)]
    [InlineData(255)]
    [InlineData(257)]
    [InlineData(512)]
    public void Verify_SignatureOfWrongLength_FailsWithMalformedSignature(int length)
    {
        var headers = Signed(keys.Certificate, Body) with { Signature = Convert.ToBase64String(new byte[length]) };

        var result = _verifier.Verify(headers, Body, CertificateOnly);

        Assert.Equal(VerificationFailure.MalformedSignature, result.Failure);
    }

    [Theory]
    [InlineData("WECHATPAY2-SHA256-RSA4096")]
    [InlineData("wechatpay2-sha256-rsa2048")]
    [InlineData("WECHATPAY2-SM2-WITH-SM3")]
    [InlineData("WECHATPAY2-SHA256-RSA2048 ")]
    public void Verify_UnsupportedSignatureType_FailsWithUnsupportedSignatureType(string signatureType)
    {
        var headers = Signed(keys.Certificate, Body) with { SignatureType = signatureType };

        var result = _verifier.Verify(headers, Body, CertificateOnly);

        Assert.Equal(VerificationFailure.UnsupportedSignatureType, result.Failure);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("WECHATPAY2-SHA256-RSA2048")]
    public void Verify_SignatureTypeAbsentOrDefault_Succeeds(string? signatureType)
    {
        var headers = Signed(keys.Certificate, Body) with { SignatureType = signatureType };

        var result = _verifier.Verify(headers, Body, CertificateOnly);

        Assert.True(result.IsValid);
    }

    [Fact]
    public void Verify_ExpiredCertificate_FailsWithExpiredKey()
    {
        var set = new VerificationKeySet([keys.ExpiredCertificate.Key]);

        var result = _verifier.Verify(Signed(keys.ExpiredCertificate, Body), Body, set);

        Assert.Equal(VerificationResult.Failed(VerificationFailure.ExpiredKey, keys.ExpiredCertificate.Serial), result);
    }

    [Fact]
    public void Verify_CertificateNotYetValid_FailsWithExpiredKey()
    {
        var set = new VerificationKeySet([keys.NotYetValidCertificate.Key]);

        var result = _verifier.Verify(Signed(keys.NotYetValidCertificate, Body), Body, set);

        Assert.Equal(VerificationFailure.ExpiredKey, result.Failure);
    }

    [Fact]
    public void Verify_PublicKeyIdSerial_SelectsThePublicKey()
    {
        var set = new VerificationKeySet([keys.PublicKey.Key]);

        var result = _verifier.Verify(Signed(keys.PublicKey, Body), Body, set);

        Assert.Equal(VerificationResult.Success(ProtocolVectors.ExamplePublicKeyId), result);
    }

    [Fact]
    public void Verify_MixedModeEachSerialWithItsOwnSignature_Succeeds()
    {
        var byCertificate = _verifier.Verify(Signed(keys.Certificate, Body), Body, Mixed);
        var byPublicKey = _verifier.Verify(Signed(keys.PublicKey, Body), Body, Mixed);

        Assert.Equal(VerificationResult.Success(keys.Certificate.Serial), byCertificate);
        Assert.Equal(VerificationResult.Success(ProtocolVectors.ExamplePublicKeyId), byPublicKey);
    }

    [Fact]
    public void Verify_MixedModeSignatureUnderTheOtherSerial_FailsWithSignatureMismatch()
    {
        var certificateSignedNamedPublicKey = Signed(keys.Certificate, Body, serial: ProtocolVectors.ExamplePublicKeyId);
        var publicKeySignedNamedCertificate = Signed(keys.PublicKey, Body, serial: keys.Certificate.Serial);

        var first = _verifier.Verify(certificateSignedNamedPublicKey, Body, Mixed);
        var second = _verifier.Verify(publicKeySignedNamedCertificate, Body, Mixed);

        Assert.Equal(VerificationResult.Failed(VerificationFailure.SignatureMismatch, ProtocolVectors.ExamplePublicKeyId), first);
        Assert.Equal(VerificationResult.Failed(VerificationFailure.SignatureMismatch, keys.Certificate.Serial), second);
    }

    [Fact]
    public void Verify_Rsa4096SkitCertificateWithinItsValidity_Succeeds()
    {
        // The SKIT key is 4096-bit: the expected signature length follows the key, not a fixed 256 bytes.
        using var privateKey = TestVectorFiles.LoadPrivateKey(TestVectorFiles.SkitPrivateKeyPkcs8);
        using var certificate = TestVectorFiles.LoadCertificate(TestVectorFiles.SkitCertificate);
        var key = VerificationKey.FromCertificate(certificate);
        var now = new DateTimeOffset(2021, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var headers = ResponseSigner.Sign(privateKey, ProtocolVectors.SkitCertificateSerial, timestamp, Nonce, Body);

        var result = new ResponseVerifier(new FakeTimeProvider(now)).Verify(headers, Body, new VerificationKeySet([key]));

        Assert.Equal(VerificationResult.Success(ProtocolVectors.SkitCertificateSerial.ToUpperInvariant()), result);
    }
}
