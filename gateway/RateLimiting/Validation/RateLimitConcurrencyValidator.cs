using EdgeGateway.Configuration;

namespace EdgeGateway.RateLimiting.Validation;

/// <summary>A concurrency limit is a count of requests in flight, or 0 for none.</summary>
internal sealed class RateLimitConcurrencyValidator : IGatewayConfigValidator
{
    public void Validate(GatewayConfigValidationContext context)
    {
        foreach (var (name, policy) in context.Policies.RateLimits)
        {
            if (policy.ConcurrencyLimit < 0)
            {
                RateLimitValidation.Report(context, name, $"ConcurrencyLimit is {policy.ConcurrencyLimit}; it must be 0 (no limit) or more (the default is 200).");
            }
        }
    }
}
