using EdgeGateway.Configuration;

namespace EdgeGateway.RateLimiting.Validation;

/// <summary>A token bucket refills at a positive rate.</summary>
internal sealed class RateLimitPermitsValidator : IGatewayConfigValidator
{
    public void Validate(GatewayConfigValidationContext context)
    {
        foreach (var (name, policy) in context.Policies.RateLimits)
        {
            if (policy.PermitsPerSecond <= 0)
            {
                RateLimitValidation.Report(context, name, $"PermitsPerSecond is {policy.PermitsPerSecond}; it must be at least 1 (the default is 5000).");
            }
        }
    }
}
