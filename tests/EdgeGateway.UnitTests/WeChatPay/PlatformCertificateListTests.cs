using System.Text;
using System.Text.Json.Nodes;
using EdgeGateway.Simulator.Keys;
using EdgeGateway.Transforms.WeChatPay;
using EdgeGateway.UnitTests.TestSupport;

namespace EdgeGateway.UnitTests.WeChatPay;

public sealed class PlatformCertificateListTests
{
    private static readonly ApiV3Key SkitKey = ApiV3Key.Create(ProtocolVectors.SkitAesKey);
    private static readonly DateTimeOffset SkitValid = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ApiV3Key Key = ApiV3Key.Create("0123456789abcdefghijklmnopqrstuv");
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public void TryParse_OfficialSdkVector_AcceptsTheCertificateWithItsSerial()
    {
        var body = Answer(Entry(ProtocolVectors.SkitAesCertificateSerial, ProtocolVectors.SkitAesNonce, TestVectorFiles.ReadLine(TestVectorFiles.SkitAesCiphertext)));

        Assert.True(PlatformCertificateList.TryParse(body, SkitKey, SkitValid, out var list, out var error), error);

        var key = Assert.Single(list!.Accepted);
        Assert.Equal(ProtocolVectors.SkitAesCertificateSerial, key.Serial);
        Assert.Equal(VerificationKeyKind.PlatformCertificate, key.Kind);
        Assert.Empty(list.Rejected);
    }

    [Fact]
    public void TryParse_OfficialSdkVectorAfterItsExpiry_RejectsAsExpired()
    {
        var body = Answer(Entry(ProtocolVectors.SkitAesCertificateSerial, ProtocolVectors.SkitAesNonce, TestVectorFiles.ReadLine(TestVectorFiles.SkitAesCiphertext)));

        Assert.True(PlatformCertificateList.TryParse(body, SkitKey, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), out var list, out _));

        Assert.Empty(list!.Accepted);
        Assert.StartsWith("the certificate expired at 2025-07-31T07:35:18", Assert.Single(list.Rejected).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_TwoCertificatesDuringRotation_AcceptsBoth()
    {
        var (old, current) = (Certificate("old"), Certificate("new"));

        Assert.True(PlatformCertificateList.TryParse(Answer(Encrypted(old), Encrypted(current)), Key, Now, out var list, out _));

        Assert.Equal([old.Serial, current.Serial], list!.Accepted.Select(k => k.Serial));
    }

    [Fact]
    public void TryParse_NotYetEffectiveCertificate_IsKeptForWhenItSigns()
    {
        var future = PlatformCertificate.Create("future", Now.AddDays(1), Now.AddYears(5));

        Assert.True(PlatformCertificateList.TryParse(Answer(Encrypted(future)), Key, Now, out var list, out _));

        Assert.False(Assert.Single(list!.Accepted).IsValidAt(Now));
    }

    public static TheoryData<string, string> BadEntries()
    {
        var certificate = Certificate("bad-entries");
        var good = Encrypted(certificate);
        JsonObject With(Action<JsonObject> change)
        {
            var copy = (JsonObject)good.DeepClone();
            change(copy);
            return copy;
        }

        return new TheoryData<string, string>
        {
            { With(e => e["serial_no"] = "ABCDEF0123").ToJsonString(), "the certificate's own serial " + certificate.Serial + " differs from serial_no" },
            { With(e => e.Remove("serial_no")).ToJsonString(), "serial_no is missing or not hexadecimal" },
            { With(e => e["serial_no"] = "../../etc").ToJsonString(), "serial_no is missing or not hexadecimal" },
            { With(e => e.Remove("encrypt_certificate")).ToJsonString(), "encrypt_certificate is missing" },
            { With(e => e["encrypt_certificate"]!["algorithm"] = "AES_128_CBC").ToJsonString(), "encrypt_certificate.algorithm is not AEAD_AES_256_GCM" },
            { With(e => e["encrypt_certificate"]!["associated_data"] = "transaction").ToJsonString(), "encrypt_certificate.associated_data is not \"certificate\"" },
            { With(e => e["encrypt_certificate"]!["nonce"] = "short").ToJsonString(), "the certificate does not decrypt: the nonce must be 12 bytes" },
            { With(e => e["encrypt_certificate"]!["ciphertext"] = Convert.ToBase64String(new byte[40])).ToJsonString(),
                "the certificate does not decrypt: the authentication tag does not match (wrong APIv3 key, or the data was altered)" },
            { Encrypted(certificate, plaintext: "-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----").ToJsonString(),
                "the decrypted text is not a PEM certificate" },
            { "42", "the entry is not an object" },
        };
    }

    [Theory]
    [MemberData(nameof(BadEntries))]
    public void TryParse_BadEntry_IsRejectedWithTheReason(string entry, string reason)
    {
        var body = Encoding.UTF8.GetBytes($$"""{"data":[{{entry}}]}""");

        Assert.True(PlatformCertificateList.TryParse(body, Key, Now, out var list, out _));

        Assert.Empty(list!.Accepted);
        Assert.Equal(reason, Assert.Single(list.Rejected).Reason);
    }

    [Fact]
    public void TryParse_EncryptedUnderAnotherApiV3Key_IsRejected()
    {
        var body = Answer(Encrypted(Certificate("other-key")));

        Assert.True(PlatformCertificateList.TryParse(body, ApiV3Key.Create("vutsrqponmlkjihgfedcba9876543210"), Now, out var list, out _));

        Assert.Empty(list!.Accepted);
        Assert.Contains("authentication tag does not match", Assert.Single(list.Rejected).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "the answer is not JSON (byte 1 of line 1)")]
    [InlineData("{\"data\":", "the answer is not JSON (byte 9 of line 1)")]
    [InlineData("[]", "the answer has no \"data\" array")]
    [InlineData("{\"data\":{}}", "the answer has no \"data\" array")]
    [InlineData("{\"code\":\"RESOURCE_NOT_EXISTS\"}", "the answer has no \"data\" array")]
    public void TryParse_NotACertificateList_FailsWithReason(string body, string expected)
    {
        Assert.False(PlatformCertificateList.TryParse(Encoding.UTF8.GetBytes(body), Key, Now, out var list, out var error));

        Assert.Null(list);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void TryParse_DeeplyNestedOrHugeLists_FailWithoutThrowing()
    {
        var deep = Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000));
        var many = Encoding.UTF8.GetBytes("{\"data\":[" + string.Join(",", Enumerable.Repeat("{}", PlatformCertificateList.MaxEntries + 1)) + "]}");

        Assert.False(PlatformCertificateList.TryParse(deep, Key, Now, out _, out _));
        Assert.False(PlatformCertificateList.TryParse(many, Key, Now, out _, out var error));
        Assert.Equal("the answer lists more than 64 certificates", error);
    }

    private static PlatformCertificate Certificate(string name) => PlatformCertificate.Create(name, Now.AddDays(-1), Now.AddYears(5));

    private static JsonObject Entry(string serial, string nonce, string ciphertext) => new()
    {
        ["serial_no"] = serial,
        ["effective_time "] = "2020-08-01T15:35:18+08:00", // the official sample's key really has a trailing space; it is not read
        ["encrypt_certificate"] = new JsonObject
        {
            ["algorithm"] = "AEAD_AES_256_GCM",
            ["nonce"] = nonce,
            ["associated_data"] = "certificate",
            ["ciphertext"] = ciphertext,
        },
    };

    private static JsonObject Encrypted(PlatformCertificate certificate, string? plaintext = null) =>
        Entry(certificate.Serial, "abcdefghijkl", AeadAesGcm.Encrypt(Key, "abcdefghijkl", "certificate", plaintext ?? certificate.CertificatePem));

    private static byte[] Answer(params JsonObject[] entries) =>
        Encoding.UTF8.GetBytes(new JsonObject { ["data"] = new JsonArray([.. entries]) }.ToJsonString());
}
