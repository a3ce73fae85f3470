namespace EdgeGateway.Merchants.Pkcs11;

/// <summary>
/// A merchant private key that stays in a PKCS#11 token (an HSM, a cloud HSM's client library, SoftHSM2): the
/// gateway signs and decrypts through the token and never sees the key. Bound from
/// <c>EdgeGateway:Merchants:{mchid}:Pkcs11</c>; used instead of <c>PrivateKeyFile</c>/<c>PrivateKeyEnv</c>.
/// </summary>
public sealed class Pkcs11KeyOptions
{
    /// <summary>Default pool size per token: two sessions per processor, so signing never waits on one session.</summary>
    public static int DefaultSessions => 2 * Environment.ProcessorCount;

    /// <summary>Required. Path of the vendor's PKCS#11 library (e.g. <c>/usr/lib/softhsm/libsofthsm2.so</c>).</summary>
    public string? Library { get; set; }

    /// <summary>The token's label. One of this or <see cref="Slot"/>; a label survives slots being renumbered.</summary>
    public string? TokenLabel { get; set; }

    /// <summary>The slot id holding the token. One of this or <see cref="TokenLabel"/>.</summary>
    public ulong? Slot { get; set; }

    /// <summary>The private key's <c>CKA_LABEL</c>. One of this or <see cref="KeyId"/>.</summary>
    public string? KeyLabel { get; set; }

    /// <summary>The private key's <c>CKA_ID</c> in hex (e.g. <c>01a2</c>). One of this or <see cref="KeyLabel"/>.</summary>
    public string? KeyId { get; set; }

    /// <summary>Name of an environment variable holding the user PIN. One of this or <see cref="PinFile"/>.</summary>
    public string? PinEnv { get; set; }

    /// <summary>Path of a file holding the user PIN (trailing newline ignored), e.g. a Kubernetes secret mount.</summary>
    public string? PinFile { get; set; }

    /// <summary>Logged-in sessions kept open per token; default <see cref="DefaultSessions"/>, at least 1.</summary>
    public int? Sessions { get; set; }
}
