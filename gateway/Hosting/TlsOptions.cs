namespace EdgeGateway.Hosting;

/// <summary>
/// <c>EdgeGateway:Tls</c>: the server certificate of every <c>https://</c> listener that does not name its own
/// in Kestrel's configuration. WeChat Pay only calls HTTPS notify URLs, and internal callers may require
/// TLS too. The files are watched: a renewed certificate is used for new connections without a restart.
/// Only TLS 1.2 and 1.3 are offered.
/// </summary>
public sealed class TlsOptions
{
    public const string SectionName = "EdgeGateway:Tls";

    /// <summary>Certificate file: PEM (with <see cref="KeyFile"/>) or PKCS#12 (.pfx/.p12). Optional.</summary>
    public string? CertificateFile { get; set; }

    /// <summary>PEM private key file for a PEM <see cref="CertificateFile"/> (omit when the PEM holds both).</summary>
    public string? KeyFile { get; set; }

    /// <summary>Name of an environment variable with the PKCS#12 (or encrypted PEM key) password, if any.</summary>
    public string? PasswordEnv { get; set; }
}
