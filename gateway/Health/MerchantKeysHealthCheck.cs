using EdgeGateway.Merchants;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EdgeGateway.Health;

/// <summary>Ready when at least one merchant's signing key is loaded: without one, no request can be signed.</summary>
internal sealed class MerchantKeysHealthCheck(MerchantRegistry merchants) : IHealthCheck
{
    public const string Name = "merchant-keys";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var loaded = merchants.All.Select(m => m.MchId).Order(StringComparer.Ordinal).ToArray();
        return Task.FromResult(loaded.Length == 0
            ? HealthCheckResult.Unhealthy("No merchant keys are loaded; configure EdgeGateway:Merchants.")
            : HealthCheckResult.Healthy($"{loaded.Length} merchant(s) loaded.", new Dictionary<string, object> { ["merchants"] = loaded }));
    }
}
