using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EdgeGateway.Transforms.WeChatPay;

/// <summary>Where a verification key came from (PROTOCOL.md §3, §3.5).</summary>
public enum VerificationKeyKind
{
    /// <summary>A platform certificate downloaded from /v3/certificates or configured from a file.</summary>
    PlatformCertificate,

    /// <summary>A WeChat Pay public key with its PUB_KEY_ID_… (public-key mode).</summary>
    PublicKey,
}

/// <summary>A key WeChat Pay signs with, named by the serial that appears in <c>Wechatpay-Serial</c>.</summary>
public sealed class VerificationKey
{
    public const string PublicKeyIdPrefix = "PUB_KEY_ID_";

    private VerificationKey(string serial, VerificationKeyKind kind, RSA publicKey, DateTimeOffset? notBefore, DateTimeOffset? notAfter)
    {
        Serial = serial;
        Kind = kind;
        PublicKey = publicKey;
        NotBefore = notBefore;
        NotAfter = notAfter;
    }

    /// <summary>Certificate serial in upper-case hex, or the public key id.</summary>
    public string Serial { get; }

    public VerificationKeyKind Kind { get; }

    public RSA PublicKey { get; }

    /// <summary>Validity start; null for a public key, which does not expire.</summary>
    public DateTimeOffset? NotBefore { get; }

    /// <summary>Validity end; null for a public key.</summary>
    public DateTimeOffset? NotAfter { get; }

    /// <summary>A key from a platform certificate; the serial is the certificate's own.</summary>
    public static VerificationKey FromCertificate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var rsa = certificate.GetRSAPublicKey()
                  ?? throw new CryptographicException($"Platform certificate {certificate.SerialNumber} does not hold an RSA key.");
        return new VerificationKey(
            certificate.SerialNumber.ToUpperInvariant(),
            VerificationKeyKind.PlatformCertificate,
            rsa,
            new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero),
            new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero));
    }

    /// <summary>A WeChat Pay public key and its id, which must start with <c>PUB_KEY_ID_</c>.</summary>
    public static VerificationKey FromPublicKey(string publicKeyId, RSA publicKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(publicKeyId);
        ArgumentNullException.ThrowIfNull(publicKey);
        if (!IsPublicKeyId(publicKeyId))
        {
            throw new ArgumentException($"A WeChat Pay public key id starts with {PublicKeyIdPrefix}; got '{publicKeyId}'.", nameof(publicKeyId));
        }

        return new VerificationKey(publicKeyId, VerificationKeyKind.PublicKey, publicKey, null, null);
    }

    /// <summary>True for <c>PUB_KEY_ID_…</c> serials (public-key mode), false for certificate serials.</summary>
    public static bool IsPublicKeyId(string serial) => serial.StartsWith(PublicKeyIdPrefix, StringComparison.Ordinal);

    /// <summary>Whether the key may be used at <paramref name="now"/> (public keys always).</summary>
    public bool IsValidAt(DateTimeOffset now) => (NotBefore is null || NotBefore <= now) && (NotAfter is null || now <= NotAfter);
}
