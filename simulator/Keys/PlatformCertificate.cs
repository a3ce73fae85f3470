using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.Simulator.Keys;

/// <summary>A simulated platform certificate with the private key WeChat Pay would sign answers with.</summary>
public sealed record PlatformCertificate(X509Certificate2 Certificate, RSA PrivateKey)
{
    public string Serial => Certificate.SerialNumber.ToUpperInvariant();

    public string CertificatePem => Certificate.ExportCertificatePem();

    public static PlatformCertificate Load(string certificatePath, string privateKeyPath) =>
        new(PemKeys.LoadCertificateFile(certificatePath), PemKeys.LoadPrivateKeyFile(privateKeyPath));

    public static PlatformCertificate Create(string name, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var (certPem, keyPem) = SandboxKeyMaterial.CreateCertificate("CN=WeChat Pay Sandbox Platform " + name, notBefore, notAfter);
        return new PlatformCertificate(PemKeys.LoadCertificate(certPem), PemKeys.LoadPrivateKey(keyPem));
    }
}
