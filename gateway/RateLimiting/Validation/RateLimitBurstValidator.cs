using EdgeGateway.Configuration;

namespace EdgeGateway.RateLimiting.Validation;

/// <summary>A burst, when given, lets at least one request through.</summary>
internal sealed class RateLimitBurstValidator : IGatewayConfigValidator
{
    public void Validate(GatewayConfigValidationContext context)
    {
        foreach (var (name, policy) in context.Policies.RateLimits)
        {
            if (policy.Burst is < 1)
            {
                RateLimitValidation.Report(context, name, $"Burst is {policy.Burst}; it must be at least 1, or left out to equal PermitsPerSecond.");
            }
        }
    }
}
