namespace EdgeGateway.Configuration;

/// <summary>
/// Marks a host that is built only to validate a configuration offline (<c>EdgeGateway validate</c>): it is never
/// started, starts no simulator and generates no sandbox keys. Secrets that are not present (key files,
/// environment variables) are warnings, since a CI pipeline usually has none, unless secrets are required.
/// </summary>
public static class GatewayValidationMode
{
    /// <summary>The <c>validate</c> option that makes absent secrets errors and logs in to PKCS#11 tokens.</summary>
    public const string RequireSecretsOption = "--require-secrets";

    private static readonly object OfflineKey = new();
    private static readonly object SandboxMerchantKey = new();

    public static void EnableOffline(WebApplicationBuilder builder, bool secretsRequired = false) => builder.Host.Properties[OfflineKey] = secretsRequired;

    public static bool IsOffline(WebApplicationBuilder builder) => builder.Host.Properties.ContainsKey(OfflineKey);

    /// <summary>Offline without <c>--require-secrets</c>: a secret that is not here is a warning, not an error.</summary>
    public static bool SecretsOptional(WebApplicationBuilder builder) => builder.Host.Properties.TryGetValue(OfflineKey, out var required) && !(bool)required;

    /// <summary>Offline, the sandbox names the merchant it would generate at start, so references to it are checked.</summary>
    public static void AddSandboxMerchant(WebApplicationBuilder builder, string mchId) => builder.Host.Properties[SandboxMerchantKey] = mchId;

    public static IEnumerable<string> SandboxMchIds(WebApplicationBuilder builder) =>
        builder.Host.Properties.TryGetValue(SandboxMerchantKey, out var mchId) ? [(string)mchId] : [];
}
