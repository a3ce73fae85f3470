using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.Simulator.Keys;

/// <summary>
/// The key material of a sandbox: one merchant (private key, API certificate, APIv3 key) and the
/// simulated WeChat Pay side (platform certificate and key, WeChat Pay public key and its id). Generated
/// once into a directory and loaded from it afterwards, so the gateway, a standalone simulator and the
/// tests all see the same keys. Nothing here is ever a production key.
/// </summary>
public sealed class SandboxKeyMaterial
{
    public const string DefaultMchId = "1900000001";

    private const string MerchantKeyFile = "merchant_key.pem";
    private const string MerchantCertFile = "merchant_cert.pem";
    private const string ApiV3KeyFile = "apiv3.key";
    private const string PlatformKeyFile = "platform_key.pem";
    private const string PlatformCertFile = "platform_cert.pem";
    private const string PublicKeyPrivateFile = "wechatpay_pubkey_private.pem";
    private const string PublicKeyFile = "wechatpay_pubkey.pem";
    private const string PublicKeyIdFile = "wechatpay_pubkey_id.txt";
    private const string MchIdFile = "mchid.txt";

    private SandboxKeyMaterial(string directory, string mchId)
    {
        Directory = directory;
        MchId = mchId;
    }

    public string Directory { get; }

    public string MchId { get; }

    public string MerchantPrivateKeyPath => Path.Combine(Directory, MerchantKeyFile);

    public string MerchantCertificatePath => Path.Combine(Directory, MerchantCertFile);

    public string ApiV3KeyPath => Path.Combine(Directory, ApiV3KeyFile);

    /// <summary>The platform certificate (public part) a gateway may be configured with.</summary>
    public string PlatformCertificatePath => Path.Combine(Directory, PlatformCertFile);

    /// <summary>The simulator's platform private key: never given to a gateway.</summary>
    public string PlatformPrivateKeyPath => Path.Combine(Directory, PlatformKeyFile);

    /// <summary>The WeChat Pay public key (SPKI PEM) for public-key mode.</summary>
    public string PublicKeyPath => Path.Combine(Directory, PublicKeyFile);

    public string PublicKeyPrivatePath => Path.Combine(Directory, PublicKeyPrivateFile);

    public string PublicKeyIdPath => Path.Combine(Directory, PublicKeyIdFile);

    public string PublicKeyId => File.ReadAllText(PublicKeyIdPath).Trim();

    public string MerchantCertificateSerial => PemKeys.LoadCertificateFile(MerchantCertificatePath).SerialNumber.ToUpperInvariant();

    public ApiV3Key ApiV3Key => ApiV3Key.Create(File.ReadAllText(ApiV3KeyPath));

    /// <summary>Loads the material from <paramref name="directory"/>, generating it first if absent.</summary>
    public static SandboxKeyMaterial LoadOrCreate(string directory, string mchId = DefaultMchId)
    {
        System.IO.Directory.CreateDirectory(directory);
        var mchIdPath = Path.Combine(directory, MchIdFile);
        if (File.Exists(mchIdPath))
        {
            return new SandboxKeyMaterial(directory, File.ReadAllText(mchIdPath).Trim());
        }

        var material = new SandboxKeyMaterial(directory, mchId);
        material.Generate();
        WriteSecret(mchIdPath, mchId);
        return material;
    }

    /// <summary>Builds the simulator's view: merchant public side, platform private side.</summary>
    public SimulatorOptions ToSimulatorOptions()
    {
        var merchantCert = PemKeys.LoadCertificateFile(MerchantCertificatePath);
        var options = new SimulatorOptions();
        options.Merchants.Add(new SimulatedMerchant(MchId, merchantCert.SerialNumber.ToUpperInvariant(),
            merchantCert.GetRSAPublicKey()!, ApiV3Key));
        options.PlatformCertificates.Add(PlatformCertificate.Load(PlatformCertificatePath, PlatformPrivateKeyPath));
        options.PublicKey = new PlatformPublicKey(PublicKeyId, PemKeys.LoadPrivateKeyFile(PublicKeyPrivatePath));
        return options;
    }

    /// <summary>Writes a fresh platform certificate and key next to the others and returns it (rotation drills).</summary>
    public PlatformCertificate CreateAdditionalPlatformCertificate(string name, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var (certPem, keyPem) = CreateCertificate("CN=WeChat Pay Sandbox Platform " + name, notBefore, notAfter);
        var certPath = Path.Combine(Directory, $"platform_cert_{name}.pem");
        var keyPath = Path.Combine(Directory, $"platform_key_{name}.pem");
        WriteSecret(certPath, certPem);
        WriteSecret(keyPath, keyPem);
        return PlatformCertificate.Load(certPath, keyPath);
    }

    private void Generate()
    {
        var now = DateTimeOffset.UtcNow;
        var (merchantCert, merchantKey) = CreateCertificate($"CN={MchId}, O=EdgeGateway sandbox merchant", now.AddDays(-1), now.AddYears(5));
        WriteSecret(MerchantCertificatePath, merchantCert);
        WriteSecret(MerchantPrivateKeyPath, merchantKey);

        var (platformCert, platformKey) = CreateCertificate("CN=WeChat Pay Sandbox Platform", now.AddDays(-1), now.AddYears(5));
        WriteSecret(PlatformCertificatePath, platformCert);
        WriteSecret(PlatformPrivateKeyPath, platformKey);

        using var publicKey = RSA.Create(2048);
        WriteSecret(PublicKeyPrivatePath, publicKey.ExportPkcs8PrivateKeyPem());
        WriteSecret(PublicKeyPath, publicKey.ExportSubjectPublicKeyInfoPem());
        WriteSecret(PublicKeyIdPath, "PUB_KEY_ID_" + RandomNumberGenerator.GetString("0123456789", 32));

        WriteSecret(ApiV3KeyPath, RandomNonceSource.Instance.Next());
    }

    /// <summary>A self-signed RSA-2048 certificate with a random 20-byte serial, as PEM (certificate, PKCS#8 key).</summary>
    public static (string CertificatePem, string PrivateKeyPem) CreateCertificate(string subject, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var serial = RandomNumberGenerator.GetBytes(20);
        serial[0] &= 0x7F; // keep the serial positive so its hex form has no sign byte
        serial[0] |= 0x10;
        using var certificate = request.Create(request.SubjectName, X509SignatureGenerator.CreateForRSA(key, RSASignaturePadding.Pkcs1),
            notBefore, notAfter, serial);
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    private static void WriteSecret(string path, string content)
    {
        File.WriteAllText(path, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
