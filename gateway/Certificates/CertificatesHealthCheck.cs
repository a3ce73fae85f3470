using EdgeGateway.Merchants;
using EdgeGateway.Transforms.WeChatPay;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace EdgeGateway.Certificates;

/// <summary>
/// Readiness of verification: unhealthy when no merchant has a key that verifies now (no certificate
/// downloaded or configured, all expired, no public key: nothing this instance forwards could be verified);
/// degraded when only some merchants have none (the others are served), or when a merchant without a WeChat Pay
/// public key has only certificates expiring within <see cref="CertificateOptions.ExpiryWarning"/>.
/// </summary>
internal sealed class CertificatesHealthCheck(
    MerchantRegistry merchants,
    CertificateStateTable states,
    IOptionsMonitor<CertificateOptions> options,
    TimeProvider timeProvider) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        var warning = options.CurrentValue.ExpiryWarning;
        var unusable = new List<string>();
        var expiring = new List<string>();
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var merchant in merchants.All)
        {
            var usable = merchant.VerificationKeys.Keys.Where(k => k.IsValidAt(now)).ToList();
            var state = states.For(merchant.MchId);
            data[merchant.MchId] = new Dictionary<string, object?>
            {
                ["keys"] = usable.Select(k => k.Serial).ToArray(),
                ["fetched_at"] = state.FetchedAt?.ToString("O"),
                ["source"] = state.Source?.ToString(),
                ["last_error"] = state.LastError,
            };

            if (usable.Count == 0)
            {
                unusable.Add($"merchant {merchant.MchId} has no usable platform certificate or WeChat Pay public key"
                             + (state.LastError is null ? string.Empty : $" (last download: {state.LastError})"));
                continue;
            }

            if (usable.All(k => k.Kind == VerificationKeyKind.PlatformCertificate) && usable.Max(k => k.NotAfter) is { } lastExpiry && lastExpiry - now < warning)
            {
                expiring.Add($"merchant {merchant.MchId}: its newest platform certificate expires at {lastExpiry:O} and no successor was downloaded");
            }
        }

        var problems = string.Join("; ", unusable.Concat(expiring));
        var result = unusable.Count > 0 && unusable.Count == data.Count
            ? HealthCheckResult.Unhealthy(problems, data: data)
            : problems.Length > 0
                ? HealthCheckResult.Degraded(problems, data: data)
                : HealthCheckResult.Healthy("every merchant has a usable verification key", data);
        return Task.FromResult(result);
    }
}
