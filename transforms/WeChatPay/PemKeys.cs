using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EdgeGateway.Transforms.WeChatPay;

/// <summary>
/// Loads RSA keys and certificates from PEM text or files: private keys in PKCS#8 (<c>BEGIN PRIVATE KEY</c>,
/// the format of <c>apiclient_key.pem</c>) or PKCS#1 (<c>BEGIN RSA PRIVATE KEY</c>), X.509 certificates,
/// and public keys in SPKI (<c>BEGIN PUBLIC KEY</c>, the WeChat Pay public key file) or PKCS#1.
/// Errors name the file, never its content.
/// </summary>
public static class PemKeys
{
    public static RSA LoadPrivateKey(string pem, string source = "PEM text")
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (!pem.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            throw new CryptographicException($"{source} holds no PEM private key (expected BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY).");
        }

        return Import(pem, source, "private key");
    }

    public static RSA LoadPublicKey(string pem, string source = "PEM text")
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (!pem.Contains("PUBLIC KEY-----", StringComparison.Ordinal))
        {
            throw new CryptographicException($"{source} holds no PEM public key (expected BEGIN PUBLIC KEY or BEGIN RSA PUBLIC KEY).");
        }

        return Import(pem, source, "public key");
    }

    public static X509Certificate2 LoadCertificate(string pem, string source = "PEM text")
    {
        ArgumentNullException.ThrowIfNull(pem);
        try
        {
            return X509Certificate2.CreateFromPem(pem);
        }
        catch (CryptographicException ex)
        {
            throw new CryptographicException($"{source} holds no readable PEM certificate: {ex.Message}", ex);
        }
    }

    public static RSA LoadPrivateKeyFile(string path) => LoadPrivateKey(ReadFile(path), path);

    public static RSA LoadPublicKeyFile(string path) => LoadPublicKey(ReadFile(path), path);

    public static X509Certificate2 LoadCertificateFile(string path) => LoadCertificate(ReadFile(path), path);

    /// <summary>PKCS#8 PEM of a private key (the sandbox writes its generated keys with it).</summary>
    public static string ExportPrivateKey(RSA key) => key.ExportPkcs8PrivateKeyPem();

    /// <summary>SPKI PEM of a public key.</summary>
    public static string ExportPublicKey(RSA key) => key.ExportSubjectPublicKeyInfoPem();

    private static RSA Import(string pem, string source, string what)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            return rsa;
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
            throw new CryptographicException($"{source} holds no readable RSA {what}: {ex.GetType().Name}.", ex);
        }
    }

    private static string ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Key file '{path}' does not exist.", path);
        }

        return File.ReadAllText(path);
    }
}
