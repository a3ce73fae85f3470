using EdgeGateway.Merchants;

namespace EdgeGateway.Configuration;

/// <summary>Host settings under <c>EdgeGateway</c> in appsettings.json (see the README for every key).</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "EdgeGateway";

    /// <summary>Merchants by mchid. Required unless the sandbox is enabled (it adds its own).</summary>
    public Dictionary<string, MerchantOptions> Merchants { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The merchant that signs a request naming no mchid/sp_mchid. Optional.</summary>
    public string? DefaultMchId { get; set; }

    /// <summary>Largest request body accepted, in bytes (413 above). Default 1 MiB; a route may lower or raise it.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}
