using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using EdgeGateway.Transforms.WeChatPay;
using EdgeGateway.UnitTests.TestSupport;

namespace EdgeGateway.UnitTests.WeChatPay;

public sealed class Rsa2048SignatureTests
{
    [Fact]
    public void Sign_GoVectorSource_ReproducesExpectedSignature()
    {
        using var key = TestVectorFiles.LoadPrivateKey(TestVectorFiles.GoPrivateKeyPkcs8);

        var signature = Rsa2048Signature.Sign(key, Encoding.UTF8.GetBytes(ProtocolVectors.GoMessage));

        Assert.Equal(2048, key.KeySize);
        Assert.Equal(ProtocolVectors.GoSignature, signature);
    }

    [Theory]
    [InlineData(TestVectorFiles.SkitPrivateKeyPkcs8)]
    [InlineData(TestVectorFiles.SkitPrivateKeyPkcs1)]
    public void Sign_SkitVectorWithEitherPrivateKeyFormat_ReproducesExpectedSignature(string privateKeyFile)
    {
        using var key = TestVectorFiles.LoadPrivateKey(privateKeyFile);

        var signature = Rsa2048Signature.Sign(key, Encoding.UTF8.GetBytes(ProtocolVectors.SkitSignMessage));

        Assert.Equal(4096, key.KeySize);
        Assert.Equal(ProtocolVectors.SkitSignature, signature);
    }

    [Theory]
    [InlineData(TestVectorFiles.SkitPublicKeySpki)]
    [InlineData(TestVectorFiles.SkitPublicKeyPkcs1)]
    public void Verify_SkitVectorWithEitherPublicKeyFormat_ReturnsTrue(string publicKeyFile)
    {
        using var key = TestVectorFiles.LoadPublicKey(publicKeyFile);

        Assert.True(Rsa2048Signature.Verify(
            key, Encoding.UTF8.GetBytes(ProtocolVectors.SkitSignMessage), Convert.FromBase64String(ProtocolVectors.SkitSignature)));
    }

    [Fact]
    public void Verify_SkitVectorWithCertificate_ReturnsTrue()
    {
        using var certificate = TestVectorFiles.LoadCertificate(TestVectorFiles.SkitCertificate);
        using var key = certificate.GetRSAPublicKey()!;

        Assert.True(Rsa2048Signature.Verify(
            key, Encoding.UTF8.GetBytes(ProtocolVectors.SkitSignMessage), Convert.FromBase64String(ProtocolVectors.SkitSignature)));
    }

    [Fact]
    public void Verify_AlteredMessage_ReturnsFalse()
    {
        using var key = TestVectorFiles.LoadPublicKey(TestVectorFiles.SkitPublicKeySpki);

        Assert.False(Rsa2048Signature.Verify(
            key, Encoding.UTF8.GetBytes(ProtocolVectors.SkitSignMessage + " "), Convert.FromBase64String(ProtocolVectors.SkitSignature)));
    }

    [Fact]
    public void Sign_GeneratedKey_VerifiesWithItsPublicKeyOnly()
    {
        using var key = RSA.Create(2048);
        using var other = RSA.Create(2048);
        var message = "ts\nnonce\nbody\n"u8.ToArray();

        var signature = Convert.FromBase64String(Rsa2048Signature.Sign(key, message));

        Assert.Equal(256, signature.Length);
        Assert.True(Rsa2048Signature.Verify(key, message, signature));
        Assert.False(Rsa2048Signature.Verify(other, message, signature));
    }
}
