using System.Security.Cryptography;
using EdgeGateway.Transforms.WeChatPay;
using EdgeGateway.UnitTests.TestSupport;

namespace EdgeGateway.UnitTests.WeChatPay;

public sealed class VerificationKeyTests
{
    private static readonly DateTimeOffset SkitNotBefore = new(2021, 11, 25, 18, 37, 48, TimeSpan.Zero);
    private static readonly DateTimeOffset SkitNotAfter = new(2021, 12, 25, 18, 37, 48, TimeSpan.Zero);

    [Fact]
    public void FromCertificate_SkitCertificate_HasItsSerialAndValidity()
    {
        using var certificate = TestVectorFiles.LoadCertificate(TestVectorFiles.SkitCertificate);

        var key = VerificationKey.FromCertificate(certificate);

        Assert.Equal(ProtocolVectors.SkitCertificateSerial, key.Serial, ignoreCase: true);
        Assert.Equal("3050F72E2DCE03E7EFE49557DD231D176649AFBD", key.Serial);
        Assert.Equal(VerificationKeyKind.PlatformCertificate, key.Kind);
        Assert.Equal(SkitNotBefore, key.NotBefore);
        Assert.Equal(SkitNotAfter, key.NotAfter);
        Assert.Equal(4096, key.PublicKey.KeySize);
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(1, true)]
    public void IsValidAt_AroundNotBefore_ValidFromNotBeforeInclusive(int offsetSeconds, bool expected)
    {
        using var certificate = TestVectorFiles.LoadCertificate(TestVectorFiles.SkitCertificate);
        var key = VerificationKey.FromCertificate(certificate);

        Assert.Equal(expected, key.IsValidAt(SkitNotBefore.AddSeconds(offsetSeconds)));
    }

    [Theory]
    [InlineData(-1, true)]
    [InlineData(0, true)]
    [InlineData(1, false)]
    public void IsValidAt_AroundNotAfter_ValidUntilNotAfterInclusive(int offsetSeconds, bool expected)
    {
        using var certificate = TestVectorFiles.LoadCertificate(TestVectorFiles.SkitCertificate);
        var key = VerificationKey.FromCertificate(certificate);

        Assert.Equal(expected, key.IsValidAt(SkitNotAfter.AddSeconds(offsetSeconds)));
    }

    [Fact]
    public void FromCertificate_GeneratedCertificate_UsesUpperCaseSerial()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(ProtocolVectors.Timestamp);
        using var platform = GeneratedPlatformKey.CreateCertificate(now.AddDays(-1), now.AddDays(1));

        Assert.Equal(platform.Certificate!.SerialNumber.ToUpperInvariant(), platform.Key.Serial);
        Assert.True(platform.Key.IsValidAt(now));
    }

    [Fact]
    public void FromPublicKey_PubKeyId_NeverExpires()
    {
        using var rsa = RSA.Create(2048);

        var key = VerificationKey.FromPublicKey(ProtocolVectors.ExamplePublicKeyId, rsa);

        Assert.Equal(ProtocolVectors.ExamplePublicKeyId, key.Serial);
        Assert.Equal(VerificationKeyKind.PublicKey, key.Kind);
        Assert.Null(key.NotBefore);
        Assert.Null(key.NotAfter);
        Assert.True(key.IsValidAt(DateTimeOffset.MinValue));
        Assert.True(key.IsValidAt(DateTimeOffset.MaxValue));
    }

    [Theory]
    [InlineData("5157F09EFDC096DE15EBE81A47057A7232F1B8E1")]
    [InlineData("pub_key_id_0000000000000024101100397200000006")]
    [InlineData("PUB_KEY_0000000000000024101100397200000006")]
    public void FromPublicKey_IdWithoutPrefix_Throws(string publicKeyId)
    {
        using var rsa = RSA.Create(2048);

        var exception = Assert.Throws<ArgumentException>(() => VerificationKey.FromPublicKey(publicKeyId, rsa));

        Assert.StartsWith("A WeChat Pay public key id starts with PUB_KEY_ID_", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PUB_KEY_ID_0000000000000024101100397200000006", true)]
    [InlineData("PUB_KEY_ID_", true)]
    [InlineData("5157F09EFDC096DE15EBE81A47057A7232F1B8E1", false)]
    [InlineData("pub_key_id_0000000000000024101100397200000006", false)]
    [InlineData("", false)]
    public void IsPublicKeyId_Serial_RecognisesPrefixExactly(string serial, bool expected)
    {
        Assert.Equal(expected, VerificationKey.IsPublicKeyId(serial));
    }
}
