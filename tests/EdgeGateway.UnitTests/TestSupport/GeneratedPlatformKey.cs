using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.UnitTests.TestSupport;

/// <summary>
/// A fresh RSA-2048 key pair standing in for a WeChat Pay signing key: either a self-signed "platform
/// certificate" with a chosen validity period, or a "WeChat Pay public key" with a PUB_KEY_ID_… id.
/// Generated per test run, so no real key is ever needed.
/// </summary>
internal sealed class GeneratedPlatformKey : IDisposable
{
    private GeneratedPlatformKey(RSA privateKey, VerificationKey key, X509Certificate2? certificate)
    {
        PrivateKey = privateKey;
        Key = key;
        Certificate = certificate;
    }

    public RSA PrivateKey { get; }

    public VerificationKey Key { get; }

    public X509Certificate2? Certificate { get; }

    /// <summary>The value WeChat Pay would put in Wechatpay-Serial for this key.</summary>
    public string Serial => Key.Serial;

    public static GeneratedPlatformKey CreateCertificate(DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var rsa = RSA.Create(2048);
        var request = new CertificateRequest(
            "CN=EdgeGateway unit-test platform certificate", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var certificate = request.CreateSelfSigned(notBefore, notAfter);
        return new GeneratedPlatformKey(rsa, VerificationKey.FromCertificate(certificate), certificate);
    }

    public static GeneratedPlatformKey CreatePublicKey(string publicKeyId)
    {
        var rsa = RSA.Create(2048);
        var publicOnly = RSA.Create();
        publicOnly.ImportSubjectPublicKeyInfo(rsa.ExportSubjectPublicKeyInfo(), out _);
        return new GeneratedPlatformKey(rsa, VerificationKey.FromPublicKey(publicKeyId, publicOnly), null);
    }

    public void Dispose()
    {
        PrivateKey.Dispose();
        Certificate?.Dispose();
    }
}
