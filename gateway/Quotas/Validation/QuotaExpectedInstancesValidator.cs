using EdgeGateway.Configuration;

namespace EdgeGateway.Quotas.Validation;

/// <summary>The fail-open limiter divides the quota by the instance count, which is at least one.</summary>
internal sealed class QuotaExpectedInstancesValidator : IGatewayConfigValidator
{
    public void Validate(GatewayConfigValidationContext context)
    {
        foreach (var (name, policy) in context.Policies.Quotas)
        {
            if (policy.ExpectedInstances < 1)
            {
                QuotaValidation.Report(context, name, $"ExpectedInstances is {policy.ExpectedInstances}; it must be at least 1 (the number of gateway instances sharing the quota).");
            }
        }
    }
}
