using EdgeGateway.Transforms.WeChatPay;
using EdgeGateway.UnitTests.TestSupport;

namespace EdgeGateway.UnitTests.WeChatPay;

public sealed class VerificationKeySetTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(ProtocolVectors.Timestamp);

    [Fact]
    public void TryGetKey_CertificateSerialInAnyCase_FindsIt()
    {
        using var platform = GeneratedPlatformKey.CreateCertificate(Now.AddDays(-1), Now.AddDays(1));
        var set = new VerificationKeySet([platform.Key]);

        Assert.True(set.TryGetKey(platform.Serial.ToLowerInvariant(), out var key));
        Assert.Same(platform.Key, key);
        Assert.False(set.TryGetKey("00", out _));
    }

    [Fact]
    public void TryGetKey_MixedSet_SelectsEachKindBySerial()
    {
        using var certificate = GeneratedPlatformKey.CreateCertificate(Now.AddDays(-1), Now.AddDays(1));
        using var publicKey = GeneratedPlatformKey.CreatePublicKey(ProtocolVectors.ExamplePublicKeyId);
        var set = new VerificationKeySet([certificate.Key, publicKey.Key]);

        Assert.True(set.TryGetKey(ProtocolVectors.ExamplePublicKeyId, out var byId));
        Assert.True(set.TryGetKey(certificate.Serial, out var bySerial));

        Assert.Equal(VerificationKeyKind.PublicKey, byId.Kind);
        Assert.Equal(VerificationKeyKind.PlatformCertificate, bySerial.Kind);
        Assert.Equal(2, set.Count);
    }

    [Fact]
    public void PreferredSerial_PublicKeyHeld_IsThePublicKeyId()
    {
        using var certificate = GeneratedPlatformKey.CreateCertificate(Now.AddDays(-1), Now.AddYears(5));
        using var publicKey = GeneratedPlatformKey.CreatePublicKey(ProtocolVectors.ExamplePublicKeyId);

        var set = new VerificationKeySet([certificate.Key, publicKey.Key]);

        Assert.Equal(ProtocolVectors.ExamplePublicKeyId, set.PreferredSerial(Now));
    }

    [Fact]
    public void PreferredSerial_CertificatesOnly_IsTheValidOneExpiringLast()
    {
        using var older = GeneratedPlatformKey.CreateCertificate(Now.AddYears(-4), Now.AddDays(1));
        using var newer = GeneratedPlatformKey.CreateCertificate(Now.AddHours(-1), Now.AddYears(5));
        using var expired = GeneratedPlatformKey.CreateCertificate(Now.AddYears(-5), Now.AddDays(-1));
        using var future = GeneratedPlatformKey.CreateCertificate(Now.AddDays(1), Now.AddYears(6));

        var set = new VerificationKeySet([older.Key, newer.Key, expired.Key, future.Key]);

        Assert.Equal(newer.Serial, set.PreferredSerial(Now));
    }

    [Fact]
    public void PreferredSerial_EmptySet_IsNull()
    {
        Assert.Null(VerificationKeySet.Empty.PreferredSerial(Now));
        Assert.Equal(0, VerificationKeySet.Empty.Count);
    }

    [Fact]
    public void With_KeyOfSameSerial_ReplacesItAndLeavesOriginalUnchanged()
    {
        using var first = GeneratedPlatformKey.CreatePublicKey(ProtocolVectors.ExamplePublicKeyId);
        using var second = GeneratedPlatformKey.CreatePublicKey(ProtocolVectors.ExamplePublicKeyId);
        var original = new VerificationKeySet([first.Key]);

        var updated = original.With([second.Key]);

        Assert.True(updated.TryGetKey(ProtocolVectors.ExamplePublicKeyId, out var key));
        Assert.Same(second.Key, key);
        Assert.Equal(1, updated.Count);
        Assert.True(original.TryGetKey(ProtocolVectors.ExamplePublicKeyId, out var unchanged));
        Assert.Same(first.Key, unchanged);
    }
}
