using System.Security.Cryptography;
using System.Text;
using EdgeGateway.Transforms.WeChatPay;
using EdgeGateway.UnitTests.TestSupport;

namespace EdgeGateway.UnitTests.WeChatPay;

public sealed class PemKeysTests
{
    [Theory]
    [InlineData(TestVectorFiles.SkitPrivateKeyPkcs8)]
    [InlineData(TestVectorFiles.SkitPrivateKeyPkcs1)]
    [InlineData(TestVectorFiles.GoPrivateKeyPkcs8)]
    public void LoadPrivateKeyFile_Pkcs8OrPkcs1_LoadsAPrivateKey(string file)
    {
        using var key = PemKeys.LoadPrivateKeyFile(TestVectorFiles.PathOf(file));

        var parameters = key.ExportParameters(includePrivateParameters: true);
        Assert.NotNull(parameters.D);
    }

    [Fact]
    public void LoadPrivateKey_Pkcs8AndPkcs1OfSameKey_AreTheSameKey()
    {
        using var pkcs8 = PemKeys.LoadPrivateKey(TestVectorFiles.ReadText(TestVectorFiles.SkitPrivateKeyPkcs8));
        using var pkcs1 = PemKeys.LoadPrivateKey(TestVectorFiles.ReadText(TestVectorFiles.SkitPrivateKeyPkcs1));

        Assert.Equal(pkcs8.ExportRSAPrivateKey(), pkcs1.ExportRSAPrivateKey());
    }

    [Theory]
    [InlineData(TestVectorFiles.SkitPublicKeySpki)]
    [InlineData(TestVectorFiles.SkitPublicKeyPkcs1)]
    public void LoadPublicKeyFile_SpkiOrPkcs1_LoadsTheSkitPublicKey(string file)
    {
        using var key = PemKeys.LoadPublicKeyFile(TestVectorFiles.PathOf(file));
        using var privateKey = TestVectorFiles.LoadPrivateKey(TestVectorFiles.SkitPrivateKeyPkcs8);

        Assert.Equal(4096, key.KeySize);
        Assert.Equal(privateKey.ExportSubjectPublicKeyInfo(), key.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void LoadCertificateFile_SkitCertificate_HasExpectedSerial()
    {
        using var certificate = PemKeys.LoadCertificateFile(TestVectorFiles.PathOf(TestVectorFiles.SkitCertificate));

        Assert.Equal(ProtocolVectors.SkitCertificateSerial, certificate.SerialNumber, ignoreCase: true);
    }

    [Fact]
    public void ExportPrivateKey_ThenLoad_RoundTrips()
    {
        using var key = RSA.Create(2048);

        using var loaded = PemKeys.LoadPrivateKey(PemKeys.ExportPrivateKey(key));
        using var loadedPublic = PemKeys.LoadPublicKey(PemKeys.ExportPublicKey(key));

        Assert.Equal(key.ExportRSAPrivateKey(), loaded.ExportRSAPrivateKey());
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), loadedPublic.ExportSubjectPublicKeyInfo());
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----")]
    public void LoadPrivateKey_NoPrivateKeyPem_ThrowsClearError(string text)
    {
        var exception = Assert.Throws<CryptographicException>(() => PemKeys.LoadPrivateKey(text, "apiclient_key.pem"));

        Assert.Equal("apiclient_key.pem holds no PEM private key (expected BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY).", exception.Message);
    }

    [Fact]
    public void LoadPrivateKey_PublicKeyPem_ThrowsClearError()
    {
        var exception = Assert.Throws<CryptographicException>(
            () => PemKeys.LoadPrivateKey(TestVectorFiles.ReadText(TestVectorFiles.SkitPublicKeySpki)));

        Assert.Equal("PEM text holds no PEM private key (expected BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY).", exception.Message);
    }

    [Fact]
    public void LoadPublicKey_PrivateKeyPem_ThrowsClearErrorWithoutKeyText()
    {
        var pem = TestVectorFiles.ReadText(TestVectorFiles.SkitPrivateKeyPkcs8);

        var exception = Assert.Throws<CryptographicException>(() => PemKeys.LoadPublicKey(pem, "wechatpay_pub.pem"));

        Assert.Equal("wechatpay_pub.pem holds no PEM public key (expected BEGIN PUBLIC KEY or BEGIN RSA PUBLIC KEY).", exception.Message);
        AssertNoKeyText(exception, pem);
    }

    public static TheoryData<string> CorruptPrivateKeys => new()
    {
        "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5IGF0IGFsbA==\n-----END PRIVATE KEY-----\n",
        "-----BEGIN PRIVATE KEY-----\n!!!! not base64 !!!!\n-----END PRIVATE KEY-----\n",
        "-----BEGIN RSA PRIVATE KEY-----\nMIIJKAIBAAKCAgEA52DszUZzPKPo1d9Hi5Hjlu7OINwADaeXifA4rvmJJaA+jm4D\n-----END RSA PRIVATE KEY-----\n",
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIJQgIBADANBgkqhkiG9w0BAQEFAASCCSwwggkoAgEAAoICAQDnYOzNRnM8o+jV\n-----END ENCRYPTED PRIVATE KEY-----\n",
        TruncatedSkitPrivateKey(),
    };

    [Theory]
    [MemberData(nameof(CorruptPrivateKeys))]
    public void LoadPrivateKey_CorruptPem_ThrowsClearErrorWithoutKeyText(string pem)
    {
        var exception = Assert.Throws<CryptographicException>(() => PemKeys.LoadPrivateKey(pem, "apiclient_key.pem"));

        Assert.StartsWith("apiclient_key.pem holds no readable RSA private key", exception.Message, StringComparison.Ordinal);
        AssertNoKeyText(exception, pem);
    }

    [Fact]
    public void LoadPublicKey_CorruptPem_ThrowsClearErrorWithoutKeyText()
    {
        const string pem = "-----BEGIN PUBLIC KEY-----\nMIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEA52DszUZzPKPo1d9Hi5Hj\n-----END PUBLIC KEY-----\n";

        var exception = Assert.Throws<CryptographicException>(() => PemKeys.LoadPublicKey(pem));

        Assert.StartsWith("PEM text holds no readable RSA public key", exception.Message, StringComparison.Ordinal);
        AssertNoKeyText(exception, pem);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("-----BEGIN CERTIFICATE-----\nMIIFRzCCAy8CFDBQ9y4tzgPn7+SVV90jHRdmSa+9MA0GCSqGSIb3DQEBCwUAMGAx\n-----END CERTIFICATE-----")]
    public void LoadCertificate_Garbage_ThrowsClearError(string pem)
    {
        var exception = Assert.Throws<CryptographicException>(() => PemKeys.LoadCertificate(pem, "platform.pem"));

        Assert.StartsWith("platform.pem holds no readable PEM certificate", exception.Message, StringComparison.Ordinal);
        AssertNoKeyText(exception, pem);
    }

    [Fact]
    public void LoadPrivateKeyFile_MissingFile_ThrowsFileNotFoundNamingThePath()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "WeChatPay", "TestVectors", "no-such-key.pem");

        var exception = Assert.Throws<FileNotFoundException>(() => PemKeys.LoadPrivateKeyFile(path));

        Assert.Equal($"Key file '{path}' does not exist.", exception.Message);
        Assert.Equal(path, exception.FileName);
    }

    [Fact]
    public void LoadPublicKeyFileAndLoadCertificateFile_MissingFile_ThrowFileNotFound()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "no-such-dir", "wechatpay.pem");

        Assert.Throws<FileNotFoundException>(() => PemKeys.LoadPublicKeyFile(path));
        Assert.Throws<FileNotFoundException>(() => PemKeys.LoadCertificateFile(path));
    }

    [Fact]
    public void LoadPrivateKeyFile_GarbageFile_ThrowsErrorNamingTheFileNotItsContent()
    {
        var path = Path.Combine(Path.GetTempPath(), $"edgegateway-{Guid.NewGuid():N}.pem");
        const string content = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWJ1dC1icm9rZW4ta2V5LW1hdGVyaWFs\n-----END PRIVATE KEY-----\n";
        File.WriteAllText(path, content);
        try
        {
            var exception = Assert.Throws<CryptographicException>(() => PemKeys.LoadPrivateKeyFile(path));

            Assert.StartsWith($"{path} holds no readable RSA private key", exception.Message, StringComparison.Ordinal);
            AssertNoKeyText(exception, content);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string TruncatedSkitPrivateKey()
    {
        var lines = TestVectorFiles.ReadText(TestVectorFiles.SkitPrivateKeyPkcs8).Split('\n');
        return string.Join('\n', lines.Take(20)) + "\n-----END PRIVATE KEY-----\n";
    }

    /// <summary>No line of the Base64 body may appear in the message (or any inner message) of the error.</summary>
    private static void AssertNoKeyText(Exception exception, string pem)
    {
        var messages = new StringBuilder();
        for (var current = exception; current is not null; current = current.InnerException)
        {
            messages.AppendLine(current.Message);
        }

        foreach (var line in pem.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!line.StartsWith("-----", StringComparison.Ordinal))
            {
                Assert.DoesNotContain(line, messages.ToString(), StringComparison.Ordinal);
            }
        }
    }
}
