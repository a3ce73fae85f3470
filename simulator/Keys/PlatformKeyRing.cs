using System.Collections.Immutable;

namespace EdgeGateway.Simulator.Keys;

/// <summary>
/// The simulator's platform certificates and public key. The newest certificate (latest NotBefore) signs
/// certificate-mode answers; rotation adds one atomically while the old stays listed, as WeChat Pay does
/// during its 24-hour overlap (PROTOCOL.md §3.3).
/// </summary>
public sealed class PlatformKeyRing
{
    private ImmutableArray<PlatformCertificate> _certificates;

    public PlatformKeyRing(IEnumerable<PlatformCertificate> certificates, PlatformPublicKey? publicKey)
    {
        _certificates = [.. certificates];
        PublicKey = publicKey;
    }

    public ImmutableArray<PlatformCertificate> Certificates => _certificates;

    public PlatformPublicKey? PublicKey { get; }

    /// <summary>The certificate that signs now, or null in public-key-only mode.</summary>
    public PlatformCertificate? Current => _certificates.IsEmpty ? null : _certificates.MaxBy(c => c.Certificate.NotBefore);

    public void Add(PlatformCertificate certificate) => ImmutableInterlocked.Update(ref _certificates, list => list.Add(certificate));

    /// <summary>Drops a certificate from the list (the old one, after a rotation completes).</summary>
    public void Remove(string serial) =>
        ImmutableInterlocked.Update(ref _certificates, list => list.RemoveAll(c => string.Equals(c.Serial, serial, StringComparison.OrdinalIgnoreCase)));
}
