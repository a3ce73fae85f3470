using EdgeGateway.Configuration;

namespace EdgeGateway.Quotas.Validation;

/// <summary>A quota limits something: at least one window.</summary>
internal sealed class QuotaWindowsRequiredValidator : IGatewayConfigValidator
{
    public void Validate(GatewayConfigValidationContext context)
    {
        foreach (var (name, policy) in context.Policies.Quotas)
        {
            if (policy.Windows.Count == 0)
            {
                QuotaValidation.Report(context, name, "has no Windows; add at least one, e.g. {\"Limit\": 20, \"Period\": \"00:00:01\"}.");
            }
        }
    }
}
