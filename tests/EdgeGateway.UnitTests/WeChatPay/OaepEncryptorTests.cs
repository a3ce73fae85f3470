using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using EdgeGateway.Transforms.WeChatPay;
using EdgeGateway.UnitTests.TestSupport;

namespace EdgeGateway.UnitTests.WeChatPay;

public sealed class OaepEncryptorTests
{
    [Theory]
    [InlineData(TestVectorFiles.SkitPrivateKeyPkcs8)]
    [InlineData(TestVectorFiles.SkitPrivateKeyPkcs1)]
    public void TryDecrypt_SkitOaepSha1Vector_ReturnsRsaDecryptTest(string privateKeyFile)
    {
        using var key = TestVectorFiles.LoadPrivateKey(privateKeyFile);

        Assert.True(OaepEncryptor.TryDecrypt(key, TestVectorFiles.ReadLine(TestVectorFiles.SkitOaepCiphertext), out var plaintext));

        Assert.Equal(ProtocolVectors.SkitOaepPlaintext, plaintext);
    }

    [Fact]
    public void SkitOaepVector_DecryptedWithSha256Oaep_Fails()
    {
        // The vector pins the hash: WeChat Pay's OAEP is SHA-1/MGF1-SHA-1 (PROTOCOL.md §5), and SHA-256 must not read it.
        using var key = TestVectorFiles.LoadPrivateKey(TestVectorFiles.SkitPrivateKeyPkcs8);
        var ciphertext = Convert.FromBase64String(TestVectorFiles.ReadLine(TestVectorFiles.SkitOaepCiphertext));

        Assert.ThrowsAny<CryptographicException>(() => key.Decrypt(ciphertext, RSAEncryptionPadding.OaepSHA256));
    }

    [Fact]
    public void Encrypt_GeneratedKey_RoundTripsThroughTryDecrypt()
    {
        using var key = RSA.Create(2048);
        const string plaintext = "张三";

        var ciphertext = OaepEncryptor.Encrypt(key, plaintext);

        Assert.Equal(256, Convert.FromBase64String(ciphertext).Length);
        Assert.True(OaepEncryptor.TryDecrypt(key, ciphertext, out var decrypted));
        Assert.Equal(plaintext, decrypted);
    }

    [Fact]
    public void Encrypt_GeneratedKey_IsOaepSha1NotSha256()
    {
        using var key = RSA.Create(2048);

        var ciphertext = Convert.FromBase64String(OaepEncryptor.Encrypt(key, "13800138000"));

        Assert.Equal("13800138000"u8.ToArray(), key.Decrypt(ciphertext, RSAEncryptionPadding.OaepSHA1));
        Assert.ThrowsAny<CryptographicException>(() => key.Decrypt(ciphertext, RSAEncryptionPadding.OaepSHA256));
    }

    [Fact]
    public void Encrypt_SamePlaintextTwice_GivesDifferentCiphertexts()
    {
        using var key = RSA.Create(2048);

        Assert.NotEqual(OaepEncryptor.Encrypt(key, "same"), OaepEncryptor.Encrypt(key, "same"));
    }

    [Fact]
    public void Encrypt_SkitPublicKeyAndCertificate_DecryptWithSkitPrivateKey()
    {
        using var publicKey = TestVectorFiles.LoadPublicKey(TestVectorFiles.SkitPublicKeyPkcs1);
        using var certificate = TestVectorFiles.LoadCertificate(TestVectorFiles.SkitCertificate);
        using var certificateKey = certificate.GetRSAPublicKey()!;
        using var privateKey = TestVectorFiles.LoadPrivateKey(TestVectorFiles.SkitPrivateKeyPkcs8);

        Assert.True(OaepEncryptor.TryDecrypt(privateKey, OaepEncryptor.Encrypt(publicKey, "RsaEncryptTest"), out var first));
        Assert.True(OaepEncryptor.TryDecrypt(privateKey, OaepEncryptor.Encrypt(certificateKey, "RsaEncryptTest"), out var second));
        Assert.Equal("RsaEncryptTest", first);
        Assert.Equal("RsaEncryptTest", second);
    }

    [Fact]
    public void Encrypt_Exactly214BytesOn2048BitKey_Succeeds()
    {
        using var key = RSA.Create(2048);
        var plaintext = new string('x', OaepEncryptor.MaxPlaintextBytes2048);

        Assert.True(OaepEncryptor.TryDecrypt(key, OaepEncryptor.Encrypt(key, plaintext), out var decrypted));
        Assert.Equal(plaintext, decrypted);
    }

    [Theory]
    [InlineData(215)]
    [InlineData(256)]
    public void Encrypt_Over214BytesOn2048BitKey_Throws(int length)
    {
        using var key = RSA.Create(2048);

        var exception = Assert.Throws<ArgumentException>(() => OaepEncryptor.Encrypt(key, new string('x', length)));

        Assert.Equal("plaintext", exception.ParamName);
        Assert.StartsWith($"The plaintext is {length} bytes; OAEP-SHA1 with this key takes at most 214.", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encrypt_MultiByteTextOver214Bytes_ThrowsOnByteCountNotCharacterCount()
    {
        using var key = RSA.Create(2048);
        var plaintext = new string('支', 72); // 72 characters, 216 UTF-8 bytes.

        var exception = Assert.Throws<ArgumentException>(() => OaepEncryptor.Encrypt(key, plaintext));

        Assert.StartsWith("The plaintext is 216 bytes", exception.Message, StringComparison.Ordinal);
        Assert.Equal(216, Encoding.UTF8.GetByteCount(plaintext));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("c2lnbmF0dXJl")]
    public void TryDecrypt_Garbage_ReturnsFalse(string ciphertext)
    {
        using var key = RSA.Create(2048);

        Assert.False(OaepEncryptor.TryDecrypt(key, ciphertext, out var plaintext));
        Assert.Null(plaintext);
    }

    [Fact]
    public void TryDecrypt_WrongPrivateKey_ReturnsFalse()
    {
        using var key = RSA.Create(2048);
        using var other = RSA.Create(2048);

        Assert.False(OaepEncryptor.TryDecrypt(other, OaepEncryptor.Encrypt(key, "secret"), out var plaintext));
        Assert.Null(plaintext);
    }
}
