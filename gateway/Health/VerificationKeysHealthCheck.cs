using EdgeGateway.Merchants;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EdgeGateway.Health;

/// <summary>
/// Platform verification keys (certificate or WeChat Pay public key) valid now, per merchant. Without one, every
/// answer for that merchant is refused with 502, but the other merchants are served: Degraded, naming the merchants.
/// Unhealthy only when no merchant has one, because then nothing this instance forwards can be verified.
/// </summary>
internal sealed class VerificationKeysHealthCheck(MerchantRegistry merchants, TimeProvider timeProvider) : IHealthCheck
{
    public const string Name = "verification-keys";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        var keys = new Dictionary<string, object>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var merchant in merchants.All.OrderBy(m => m.MchId, StringComparer.Ordinal))
        {
            var valid = merchant.VerificationKeys.Keys.Count(k => k.IsValidAt(now));
            keys[merchant.MchId] = valid;
            if (valid == 0)
            {
                missing.Add(merchant.MchId);
            }
        }

        var description = $"No valid platform certificate or WeChat Pay public key for merchant(s) {string.Join(", ", missing)}: answers for them cannot be verified. " +
                          "Configure PlatformCertificateFiles or PublicKeyFile/PublicKeyId.";
        return Task.FromResult(missing.Count == 0
            ? HealthCheckResult.Healthy("Every merchant holds a valid platform verification key.", keys)
            : missing.Count < keys.Count
                ? HealthCheckResult.Degraded(description, data: keys)
                : HealthCheckResult.Unhealthy(description, data: keys));
    }
}
