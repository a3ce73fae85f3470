using System.Security.Cryptography;
using EdgeGateway.Transforms.WeChatPay;
using EdgeGateway.UnitTests.TestSupport;

namespace EdgeGateway.UnitTests.WeChatPay;

public sealed class AeadAesGcmTests
{
    private const string TagMismatch = "the authentication tag does not match (wrong APIv3 key, or the data was altered)";

    private static readonly ApiV3Key JavaKey = ApiV3Key.Create(ProtocolVectors.JavaAesKey);

    [Fact]
    public void TryDecrypt_JavaVector_ReturnsMessage()
    {
        Assert.True(AeadAesGcm.TryDecrypt(
            JavaKey, ProtocolVectors.JavaAesNonce, ProtocolVectors.JavaAesAssociatedData, ProtocolVectors.JavaAesCiphertext, out var plaintext, out var error));

        Assert.Null(error);
        Assert.Equal(ProtocolVectors.JavaAesPlaintext, plaintext);
    }

    [Fact]
    public void Encrypt_JavaVector_ReproducesCiphertext()
    {
        var ciphertext = AeadAesGcm.Encrypt(JavaKey, ProtocolVectors.JavaAesNonce, ProtocolVectors.JavaAesAssociatedData, ProtocolVectors.JavaAesPlaintext);

        Assert.Equal(ProtocolVectors.JavaAesCiphertext, ciphertext);
        Assert.Equal(7 + AeadAesGcm.TagLength, Convert.FromBase64String(ciphertext).Length);
    }

    [Fact]
    public void TryDecrypt_SkitCertificateVector_ReturnsExpectedPemCertificate()
    {
        var key = ApiV3Key.Create(ProtocolVectors.SkitAesKey);
        var ciphertext = TestVectorFiles.ReadLine(TestVectorFiles.SkitAesCiphertext);
        var expected = TestVectorFiles.ReadText(TestVectorFiles.SkitAesPlaintext);

        Assert.True(AeadAesGcm.TryDecrypt(
            key, ProtocolVectors.SkitAesNonce, ProtocolVectors.SkitAesAssociatedData, ciphertext, out var plaintext, out var error));

        Assert.Null(error);
        Assert.Equal(1414, Convert.FromBase64String(ciphertext).Length);
        Assert.Equal(expected, plaintext);
        using var certificate = PemKeys.LoadCertificate(plaintext!);
        Assert.Equal(ProtocolVectors.SkitAesCertificateSerial, certificate.SerialNumber);
    }

    [Fact]
    public void Encrypt_ThenTryDecrypt_RoundTripsUnicode()
    {
        var key = ApiV3Key.Create(ProtocolVectors.SkitAesKey);
        const string plaintext = "{\"trade_state_desc\":\"支付成功\",\"amount\":{\"total\":100}}";

        var ciphertext = AeadAesGcm.Encrypt(key, "0123456789ab", "transaction", plaintext);

        Assert.True(AeadAesGcm.TryDecrypt(key, "0123456789ab", "transaction", ciphertext, out var decrypted, out _));
        Assert.Equal(plaintext, decrypted);
    }

    [Fact]
    public void TryDecrypt_EmptyPlaintextIsTagOnly_ReturnsEmptyString()
    {
        var ciphertext = AeadAesGcm.Encrypt(JavaKey, ProtocolVectors.JavaAesNonce, "", "");

        Assert.Equal(AeadAesGcm.TagLength, Convert.FromBase64String(ciphertext).Length);
        Assert.True(AeadAesGcm.TryDecrypt(JavaKey, ProtocolVectors.JavaAesNonce, "", ciphertext, out var plaintext, out _));
        Assert.Equal("", plaintext);
    }

    [Fact]
    public void TryDecrypt_NullAssociatedData_EqualsEmptyAssociatedData()
    {
        // associated_data "may be empty" (PROTOCOL.md §3.2).
        var ciphertext = AeadAesGcm.Encrypt(JavaKey, ProtocolVectors.JavaAesNonce, "", "message");

        Assert.True(AeadAesGcm.TryDecrypt(JavaKey, ProtocolVectors.JavaAesNonce, null, ciphertext, out var plaintext, out _));
        Assert.Equal("message", plaintext);
    }

    [Fact]
    public void TryDecrypt_WrongKey_FailsWithTagMismatch()
    {
        var wrongKey = ApiV3Key.Create("b7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb");

        AssertFails(wrongKey, ProtocolVectors.JavaAesNonce, ProtocolVectors.JavaAesAssociatedData, ProtocolVectors.JavaAesCiphertext, TagMismatch);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(22)]
    public void TryDecrypt_FlippedByteInCiphertextOrTag_FailsWithTagMismatch(int index)
    {
        var bytes = Convert.FromBase64String(ProtocolVectors.JavaAesCiphertext);
        bytes[index] ^= 0x01;

        AssertFails(JavaKey, ProtocolVectors.JavaAesNonce, ProtocolVectors.JavaAesAssociatedData, Convert.ToBase64String(bytes), TagMismatch);
    }

    [Theory]
    [InlineData("associateddata")]
    [InlineData("associatedData ")]
    [InlineData("")]
    [InlineData(null)]
    public void TryDecrypt_TamperedAssociatedData_FailsWithTagMismatch(string? associatedData)
    {
        AssertFails(JavaKey, ProtocolVectors.JavaAesNonce, associatedData, ProtocolVectors.JavaAesCiphertext, TagMismatch);
    }

    [Fact]
    public void TryDecrypt_OtherNonceOfRightLength_FailsWithTagMismatch()
    {
        AssertFails(JavaKey, "uluk4a9R25RX", ProtocolVectors.JavaAesAssociatedData, ProtocolVectors.JavaAesCiphertext, TagMismatch);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI")]
    [InlineData("ulwSiIajGClcvcOYvOQ7-l_0PAbzzwI=")]
    public void TryDecrypt_CiphertextNotBase64_FailsWithBase64Error(string ciphertext)
    {
        AssertFails(JavaKey, ProtocolVectors.JavaAesNonce, ProtocolVectors.JavaAesAssociatedData, ciphertext, "the ciphertext is not valid Base64");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("uluk4a9R25R")]
    [InlineData("uluk4a9R25RWW")]
    [InlineData("uluk4a9R25Ré")]
    [InlineData("0123456789abcdef")]
    public void TryDecrypt_NonceNotTwelveBytes_FailsWithNonceError(string? nonce)
    {
        AssertFails(JavaKey, nonce, ProtocolVectors.JavaAesAssociatedData, ProtocolVectors.JavaAesCiphertext, "the nonce must be 12 bytes");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    public void TryDecrypt_CiphertextShorterThanTag_FailsWithLengthError(int length)
    {
        AssertFails(
            JavaKey, ProtocolVectors.JavaAesNonce, ProtocolVectors.JavaAesAssociatedData, Convert.ToBase64String(new byte[length]),
            "the ciphertext is shorter than the 16-byte tag");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void TryDecrypt_EmptyCiphertext_FailsWithEmptyError(string? ciphertext)
    {
        AssertFails(JavaKey, ProtocolVectors.JavaAesNonce, ProtocolVectors.JavaAesAssociatedData, ciphertext, "the ciphertext is empty");
    }

    [Fact]
    public void TryDecrypt_PlaintextNotUtf8_FailsWithUtf8Error()
    {
        var nonce = "0123456789ab"u8.ToArray();
        byte[] invalidUtf8 = [0xC3, 0x28, 0xFF];
        var sealedBytes = new byte[invalidUtf8.Length + AeadAesGcm.TagLength];
        using (var aes = new AesGcm(JavaKey.Bytes, AeadAesGcm.TagLength))
        {
            aes.Encrypt(nonce, invalidUtf8, sealedBytes.AsSpan(0, invalidUtf8.Length), sealedBytes.AsSpan(invalidUtf8.Length), []);
        }

        AssertFails(JavaKey, "0123456789ab", "", Convert.ToBase64String(sealedBytes), "the plaintext is not UTF-8");
    }

    [Theory]
    [InlineData("")]
    [InlineData("uluk4a9R25R")]
    [InlineData("uluk4a9R25RWW")]
    public void Encrypt_NonceNotTwelveBytes_Throws(string nonce)
    {
        var exception = Assert.Throws<ArgumentException>(() => AeadAesGcm.Encrypt(JavaKey, nonce, "", "message"));

        Assert.Equal("nonce", exception.ParamName);
    }

    private static void AssertFails(ApiV3Key key, string? nonce, string? associatedData, string? ciphertext, string expectedError)
    {
        Assert.False(AeadAesGcm.TryDecrypt(key, nonce, associatedData, ciphertext, out var plaintext, out var error));
        Assert.Null(plaintext);
        Assert.Equal(expectedError, error);
    }
}
