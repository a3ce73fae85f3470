using EdgeGateway.Configuration;

namespace EdgeGateway.Quotas.Validation;

/// <summary>A window admits at least one request and at most one per microsecond of its period.</summary>
internal sealed class QuotaWindowLimitValidator : IGatewayConfigValidator
{
    public void Validate(GatewayConfigValidationContext context)
    {
        foreach (var (name, policy) in context.Policies.Quotas)
        {
            for (var i = 0; i < policy.Windows.Count; i++)
            {
                var window = policy.Windows[i];
                var ceiling = Math.Max(1, (long)window.Period.TotalSeconds) * 1_000_000;
                if (window.Limit < 1 || window.Limit > ceiling)
                {
                    QuotaValidation.Report(context, name, $"Windows[{i}].Limit is {window.Limit}; it must be between 1 and {ceiling} (1 000 000 per second of Period).");
                }
            }
        }
    }
}
