namespace EdgeGateway.Merchants;

/// <summary>The merchants the gateway signs for: <c>Merchants</c> and <c>DefaultMchId</c> under <c>EdgeGateway</c> in appsettings.json.</summary>
public sealed class MerchantsOptions
{
    /// <summary>The same section as the host settings (<see cref="Configuration.GatewayOptions"/>).</summary>
    public const string SectionName = Configuration.GatewayOptions.SectionName;

    /// <summary>Merchants by mchid. Required unless the sandbox is enabled (it adds its own).</summary>
    public Dictionary<string, MerchantOptions> Merchants { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The merchant that signs a request naming no mchid/sp_mchid. Optional.</summary>
    public string? DefaultMchId { get; set; }
}
