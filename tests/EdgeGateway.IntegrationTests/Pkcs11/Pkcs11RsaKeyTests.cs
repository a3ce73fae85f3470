using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Merchants.Pkcs11;
using EdgeGateway.Transforms.WeChatPay;
using EdgeGateway.UnitTests.TestSupport;
using EdgeGateway.UnitTests.WeChatPay;
using Net.Pkcs11Interop.Common;

namespace EdgeGateway.IntegrationTests.Pkcs11;

/// <summary>Keys in a real SoftHSM2 token, imported with softhsm2-util, used through <see cref="Pkcs11RsaKey"/>.</summary>
public sealed class Pkcs11RsaKeyTests
{
    [Fact]
    public void Sign_MerchantKeyInToken_VerifiesAgainstCertificateAndEqualsInProcessSignature()
    {
        using var token = Pkcs11TestKeys.Load("merchant");
        using var inProcess = PemKeys.LoadPrivateKeyFile(TestKeys.Material.MerchantPrivateKeyPath);
        using var certificate = PemKeys.LoadCertificateFile(TestKeys.Material.MerchantCertificatePath);
        using var publicKey = certificate.GetRSAPublicKey()!;
        var message = Encoding.UTF8.GetBytes("POST\n/v3/pay/transactions/jsapi\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n{\"mchid\":\"1900000001\"}\n");

        var signature = Rsa2048Signature.Sign(token, message);

        Assert.IsType<Pkcs11RsaKey>(token);
        Assert.True(Rsa2048Signature.Verify(publicKey, message, Convert.FromBase64String(signature)));
        Assert.Equal(Rsa2048Signature.Sign(inProcess, message), signature);
    }

    [Fact]
    public void Sign_ProtocolVectorKeysInToken_ReproduceKnownAnswersByteForByte()
    {
        using var go = Pkcs11TestKeys.Load("go-vector");
        using var skit = Pkcs11TestKeys.Load("skit");

        Assert.Equal(ProtocolVectors.GoSignature, Rsa2048Signature.Sign(go, Encoding.UTF8.GetBytes(ProtocolVectors.GoMessage)));
        Assert.Equal(ProtocolVectors.GetCertificatesSignature, Rsa2048Signature.Sign(go, Encoding.UTF8.GetBytes(ProtocolVectors.GetCertificatesMessage)));
        Assert.Equal(ProtocolVectors.CloseSignature, Rsa2048Signature.Sign(go, Encoding.UTF8.GetBytes(ProtocolVectors.CloseMessage)));
        Assert.Equal(ProtocolVectors.SkitSignature, Rsa2048Signature.Sign(skit, Encoding.UTF8.GetBytes(ProtocolVectors.SkitSignMessage)));
    }

    [Fact]
    public void Load_TokenBySlotAndKeyById_SignsWithTheKeyThatIdNames()
    {
        var slot = Pkcs11Libraries.Get(SoftHsm.Library).GetSlotList(SlotsType.WithTokenPresent).Single(s => Pkcs11SessionPool.Label(s) == SoftHsm.MerchantToken);
        var errors = new List<string>();
        var options = new Pkcs11KeyOptions { Library = SoftHsm.Library, Slot = slot.SlotId, KeyId = "02", PinEnv = Pkcs11TestKeys.PinVariable };

        using var go = Pkcs11KeyLoader.Load("EdgeGateway:Merchants:1900000001", options, "/", _ => SoftHsm.Pin, errors, offlineWarnings: null);

        Assert.Empty(errors);
        Assert.Equal(ProtocolVectors.GoSignature, Rsa2048Signature.Sign(go!, Encoding.UTF8.GetBytes(ProtocolVectors.GoMessage)));
    }

    [Fact]
    public void RequestSigner_GoVectorKeyInToken_ProducesTheKnownAuthorization()
    {
        using var go = Pkcs11TestKeys.Load("go-vector");
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(ProtocolVectors.Timestamp));
        var signer = new RequestSigner(clock, new OneNonce("593BEC0C930BF1AFEB40B4A08C8FB242"));

        var header = signer.Sign(new MerchantCredentials(ProtocolVectors.MchId, ProtocolVectors.MerchantSerial, go), "GET", ProtocolVectors.GetCertificatesUrl, []);

        Assert.Equal(ProtocolVectors.GetCertificatesSignature, header.Signature);
    }

    [Fact]
    public void Decrypt_OaepThroughToken_RoundTripsWithOaepEncryptorAndDecryptsTheSkitVector()
    {
        using var token = Pkcs11TestKeys.Load("merchant");
        using var skit = Pkcs11TestKeys.Load("skit");
        using var certificate = PemKeys.LoadCertificateFile(TestKeys.Material.MerchantCertificatePath);
        var ciphertext = OaepEncryptor.Encrypt(certificate.GetRSAPublicKey()!, "张三 13800138000");

        Assert.True(OaepEncryptor.TryDecrypt(token, ciphertext, out var plaintext));
        Assert.Equal("张三 13800138000", plaintext);
        Assert.True(OaepEncryptor.TryDecrypt(skit, TestVectorFiles.ReadLine(TestVectorFiles.SkitOaepCiphertext), out var vector));
        Assert.Equal(ProtocolVectors.SkitOaepPlaintext, vector);
        Assert.False(OaepEncryptor.TryDecrypt(token, Convert.ToBase64String(new byte[256]), out _));
    }

    [Fact]
    public async Task Sign_64ConcurrentSignersOnFourSessions_AllSignaturesVerifyAndMatch()
    {
        using var token = Pkcs11TestKeys.Load("merchant", sessions: 4);
        using var inProcess = PemKeys.LoadPrivateKeyFile(TestKeys.Material.MerchantPrivateKeyPath);
        using var start = new Barrier(64);

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(signer => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            return Enumerable.Range(0, 8).Select(i =>
            {
                var message = Encoding.UTF8.GetBytes($"signer {signer} message {i}");
                return (Message: message, Signature: Rsa2048Signature.Sign(token, message));
            }).ToList();
        }, TaskCreationOptions.LongRunning)));

        var all = results.SelectMany(r => r).ToList();
        Assert.Equal(64 * 8, all.Count);
        Assert.All(all, r => Assert.Equal(Rsa2048Signature.Sign(inProcess, r.Message), r.Signature));
    }

    [Fact]
    public void ExportParameters_KeyInToken_PrivatePartRefusedPublicPartIsTheCertificates()
    {
        using var token = Pkcs11TestKeys.Load("merchant");
        using var certificate = PemKeys.LoadCertificateFile(TestKeys.Material.MerchantCertificatePath);

        var ex = Assert.Throws<CryptographicException>(() => token.ExportParameters(includePrivateParameters: true));
        Assert.Equal($"EdgeGateway:Merchants:1900000001: the private key is in a PKCS#11 token (token '{SoftHsm.MerchantToken}') and cannot be exported.", ex.Message);
        Assert.Throws<CryptographicException>(() => token.ExportPkcs8PrivateKey());
        Assert.Equal(certificate.GetRSAPublicKey()!.ExportParameters(false).Modulus, token.ExportParameters(false).Modulus);
    }

    [Fact]
    public void Import_WithSoftHsm2Util_KeyIsSensitiveAndNotExtractable()
    {
        // The process's one instance of the library: a second C_Initialize is refused, and its C_Finalize would end every session.
        var factories = Pkcs11Libraries.Factories;
        var slot = Pkcs11Libraries.Get(SoftHsm.Library).GetSlotList(SlotsType.WithTokenPresent).Single(s => Pkcs11SessionPool.Label(s) == SoftHsm.MerchantToken);
        using var session = slot.OpenSession(SessionType.ReadOnly);
        try
        {
            session.Login(CKU.CKU_USER, SoftHsm.Pin);
        }
        catch (Pkcs11Exception ex) when (ex.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
        {
            // Another test of this process logged in to the token.
        }

        var key = session.FindAllObjects([factories.ObjectAttributeFactory.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY),
            factories.ObjectAttributeFactory.Create(CKA.CKA_LABEL, "merchant")]).Single();

        var attributes = session.GetAttributeValue(key, [CKA.CKA_EXTRACTABLE, CKA.CKA_SENSITIVE, CKA.CKA_PRIVATE_EXPONENT]);

        Assert.False(attributes[0].GetValueAsBool());
        Assert.True(attributes[1].GetValueAsBool());
        Assert.True(attributes[2].CannotBeRead);
    }

    private sealed class OneNonce(string nonce) : INonceSource
    {
        public string Next() => nonce;
    }
}
