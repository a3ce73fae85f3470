namespace EdgeGateway.Merchants;

/// <summary>
/// One merchant's keys, by reference only: files or environment variables, never key material in
/// configuration (docs/DESIGN.md, "Secrets"). Bound from <c>EdgeGateway:Merchants:{mchid}</c>.
/// </summary>
public sealed class MerchantOptions
{
    /// <summary>Required. Serial number of the merchant API certificate (<c>serial_no</c> in Authorization).</summary>
    public string? CertificateSerial { get; set; }

    /// <summary>Path of the merchant API private key PEM (<c>apiclient_key.pem</c>, PKCS#8 or PKCS#1). One of this or <see cref="PrivateKeyEnv"/>.</summary>
    public string? PrivateKeyFile { get; set; }

    /// <summary>Name of an environment variable holding the private key PEM.</summary>
    public string? PrivateKeyEnv { get; set; }

    /// <summary>
    /// The private key in a PKCS#11 token instead of a PEM (<see cref="Pkcs11.Pkcs11KeyOptions"/>): exactly one of
    /// <see cref="PrivateKeyFile"/>, <see cref="PrivateKeyEnv"/> and this.
    /// </summary>
    public Pkcs11.Pkcs11KeyOptions? Pkcs11 { get; set; }

    /// <summary>Path of a file holding the 32-character APIv3 key. One of this or <see cref="ApiV3KeyEnv"/>.</summary>
    public string? ApiV3KeyFile { get; set; }

    /// <summary>Name of an environment variable holding the APIv3 key.</summary>
    public string? ApiV3KeyEnv { get; set; }

    /// <summary>
    /// Optional platform certificate PEM files trusted from the start. Without them (and without a public
    /// key) the gateway downloads the certificates from /v3/certificates.
    /// </summary>
    public List<string> PlatformCertificateFiles { get; set; } = [];

    /// <summary>Optional WeChat Pay public key PEM file (public-key mode); requires <see cref="PublicKeyId"/>.</summary>
    public string? PublicKeyFile { get; set; }

    /// <summary>The id of the WeChat Pay public key, <c>PUB_KEY_ID_…</c>.</summary>
    public string? PublicKeyId { get; set; }
}
