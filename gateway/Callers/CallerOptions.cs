namespace EdgeGateway.Callers;

/// <summary>
/// One internal service allowed to call the gateway: <c>EdgeGateway:Callers:{name}</c> in appsettings.
/// The name is what logs, traces and metrics show; the key itself is never stored, only its hash.
/// </summary>
public sealed class CallerOptions
{
    /// <summary>
    /// Required (or <see cref="ApiKeySha256s"/>): SHA-256 of the caller's API key (the <c>X-Api-Key</c> header), 64 hex
    /// digits, e.g. the output of <c>printf %s "$KEY" | sha256sum</c>.
    /// </summary>
    public string? ApiKeySha256 { get; set; }

    /// <summary>
    /// Optional: more accepted keys, as SHA-256 hashes (64 hex digits each), for rotating a key without downtime:
    /// add the new key's hash here, move the calling service to the new key, then remove the old hash. A request
    /// is authenticated by any key in <see cref="ApiKeySha256"/> or here. Either one may hold the only key.
    /// </summary>
    public List<string> ApiKeySha256s { get; set; } = [];

    /// <summary>Every configured key hash of the caller: <see cref="ApiKeySha256"/> (when set) and then <see cref="ApiKeySha256s"/>.</summary>
    internal IEnumerable<(string Key, string Value)> KeyHashes()
    {
        if (!string.IsNullOrEmpty(ApiKeySha256))
        {
            yield return (nameof(ApiKeySha256), ApiKeySha256);
        }

        for (var i = 0; i < ApiKeySha256s.Count; i++)
        {
            yield return ($"{nameof(ApiKeySha256s)}:{i}", ApiKeySha256s[i]);
        }
    }

    /// <summary>Route ids (from config/routes.json) the caller may use; <c>*</c> for every route. Routes and/or <see cref="Groups"/> required.</summary>
    public List<string> Routes { get; set; } = [];

    /// <summary>Route groups (a route's <c>Metadata.Group</c>, e.g. <c>payments</c>, <c>queries</c>) the caller may use.</summary>
    public List<string> Groups { get; set; } = [];

    /// <summary>Required: the merchants (mchid / sp_mchid) the caller may act for; <c>*</c> for every configured merchant.</summary>
    public List<string> MchIds { get; set; } = [];

    /// <summary>
    /// Optional: SHA-256 thumbprint (64 hex digits) of the client certificate the caller must present on a TLS
    /// listener that asks for one (mutual TLS). When set, the key alone is not enough.
    /// </summary>
    public string? ClientCertificateThumbprint { get; set; }
}
