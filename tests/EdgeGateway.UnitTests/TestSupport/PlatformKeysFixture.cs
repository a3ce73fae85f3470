using EdgeGateway.UnitTests.WeChatPay;

namespace EdgeGateway.UnitTests.TestSupport;

/// <summary>Fresh RSA-2048 platform keys shared by the verifier tests (generation is the slow part).</summary>
public sealed class PlatformKeysFixture : IDisposable
{
    public static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(ProtocolVectors.Timestamp);

    internal GeneratedPlatformKey Certificate { get; } = GeneratedPlatformKey.CreateCertificate(Now.AddDays(-30), Now.AddYears(5));

    internal GeneratedPlatformKey OtherCertificate { get; } = GeneratedPlatformKey.CreateCertificate(Now.AddDays(-30), Now.AddYears(5));

    internal GeneratedPlatformKey ExpiredCertificate { get; } = GeneratedPlatformKey.CreateCertificate(Now.AddYears(-5), Now.AddDays(-1));

    internal GeneratedPlatformKey NotYetValidCertificate { get; } = GeneratedPlatformKey.CreateCertificate(Now.AddDays(1), Now.AddYears(5));

    internal GeneratedPlatformKey PublicKey { get; } = GeneratedPlatformKey.CreatePublicKey(ProtocolVectors.ExamplePublicKeyId);

    public void Dispose()
    {
        Certificate.Dispose();
        OtherCertificate.Dispose();
        ExpiredCertificate.Dispose();
        NotYetValidCertificate.Dispose();
        PublicKey.Dispose();
    }
}
