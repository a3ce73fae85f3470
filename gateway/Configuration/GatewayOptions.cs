namespace EdgeGateway.Configuration;

/// <summary>
/// Host settings under <c>EdgeGateway</c> in appsettings.json (see the README for every key). The merchants under the
/// same section are bound by the Merchants feature (<c>MerchantsOptions</c>).
/// </summary>
public sealed class GatewayOptions
{
    public const string SectionName = "EdgeGateway";

    /// <summary>Largest request body accepted, in bytes (413 above). Default 1 MiB; a route may lower or raise it.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}
