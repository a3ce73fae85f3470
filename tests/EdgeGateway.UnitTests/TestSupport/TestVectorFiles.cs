using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.UnitTests.TestSupport;

/// <summary>
/// The public, test-only key material under WeChatPay/TestVectors (copied next to the test assembly).
/// See that folder's README for where each file comes from.
/// </summary>
internal static class TestVectorFiles
{
    /// <summary>GO <c>utils/sign_test.go</c> 2048-bit key (PROTOCOL.md §9.1), PKCS#8.</summary>
    public const string GoPrivateKeyPkcs8 = "go-rsa2048-private-pkcs8.pem";

    /// <summary>SKIT <c>TestCase_ToolsRSAUtilityTests.cs</c> 4096-bit key and certificate (PROTOCOL.md §9.2).</summary>
    public const string SkitPrivateKeyPkcs8 = "skit-rsa4096-private-pkcs8.pem";
    public const string SkitPrivateKeyPkcs1 = "skit-rsa4096-private-pkcs1.pem";
    public const string SkitPublicKeySpki = "skit-rsa4096-public-spki.pem";
    public const string SkitPublicKeyPkcs1 = "skit-rsa4096-public-pkcs1.pem";
    public const string SkitCertificate = "skit-rsa4096-certificate.pem";
    public const string SkitOaepCiphertext = "skit-rsa4096-oaep-sha1.ciphertext.txt";

    /// <summary>SKIT <c>TestCase_ToolsAESUtilityTests.cs</c> AES-256-GCM vector (PROTOCOL.md §9.3(c)).</summary>
    public const string SkitAesCiphertext = "skit-aes256gcm-certificate.ciphertext.txt";
    public const string SkitAesPlaintext = "skit-aes256gcm-certificate.plaintext.pem";

    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "WeChatPay", "TestVectors", name);

    /// <summary>The file's text exactly as stored.</summary>
    public static string ReadText(string name) => File.ReadAllText(PathOf(name));

    /// <summary>A one-line file (Base64) without its final newline.</summary>
    public static string ReadLine(string name) => ReadText(name).TrimEnd('\r', '\n');

    public static RSA LoadPrivateKey(string name) => PemKeys.LoadPrivateKeyFile(PathOf(name));

    public static RSA LoadPublicKey(string name) => PemKeys.LoadPublicKeyFile(PathOf(name));

    public static X509Certificate2 LoadCertificate(string name) => PemKeys.LoadCertificateFile(PathOf(name));
}
