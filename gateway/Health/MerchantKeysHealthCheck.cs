using EdgeGateway.Merchants;
using EdgeGateway.Merchants.Pkcs11;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EdgeGateway.Health;

/// <summary>
/// Ready when at least one merchant's signing key is loaded: without one, no request can be signed. A key in a
/// PKCS#11 token is probed (one round trip, which also reconnects a lost token after its backoff); a merchant whose
/// token cannot be reached is listed as unavailable and makes the check Degraded — the other merchants still work.
/// </summary>
internal sealed class MerchantKeysHealthCheck(MerchantRegistry merchants) : IHealthCheck
{
    public const string Name = "merchant-keys";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var loaded = merchants.All.Select(m => m.MchId).Order(StringComparer.Ordinal).ToArray();
        var unavailable = merchants.All.Where(m => m.Credentials.PrivateKey is Pkcs11RsaKey key && !key.Probe())
            .Select(m => m.MchId).Order(StringComparer.Ordinal).ToArray();
        var data = new Dictionary<string, object> { ["merchants"] = loaded, ["unavailable"] = unavailable };
        return Task.FromResult(loaded.Length == 0 ? HealthCheckResult.Unhealthy("No merchant keys are loaded; configure EdgeGateway:Merchants.")
            : unavailable.Length == loaded.Length ? HealthCheckResult.Unhealthy("No merchant key can be used: every merchant's PKCS#11 token is unreachable.", data: data)
            : unavailable.Length > 0 ? HealthCheckResult.Degraded($"{unavailable.Length} of {loaded.Length} merchant key(s) cannot be used now (PKCS#11 token unreachable): {string.Join(", ", unavailable)}.", data: data)
            : HealthCheckResult.Healthy($"{loaded.Length} merchant(s) loaded.", data));
    }
}
