using EdgeGateway.Configuration;

namespace EdgeGateway.Resilience;

/// <summary>Every retry policy is bounded: a few attempts, delays that fit inside a route timeout.</summary>
internal sealed class RetryPolicyValidator : IGatewayConfigValidator
{
    public const int MostRetries = 10;
    private static readonly TimeSpan LongestDelay = TimeSpan.FromMinutes(1);

    public void Validate(GatewayConfigValidationContext context)
    {
        foreach (var (name, policy) in context.Policies.Retries)
        {
            var subject = $"Policies.Retries.{name}";
            if (policy.MaxRetries is < 0 or > MostRetries)
            {
                Report(context, subject, $"MaxRetries is {policy.MaxRetries}; it must be between 0 (no retry) and {MostRetries}.");
            }

            if (policy.MaxDelay <= TimeSpan.Zero || policy.MaxDelay > LongestDelay)
            {
                Report(context, subject, $"MaxDelay is {policy.MaxDelay}; it must be positive and at most 00:01:00, since every retry happens inside the route timeout.");
            }

            if (policy.BaseDelay < TimeSpan.Zero || policy.BaseDelay > policy.MaxDelay)
            {
                Report(context, subject, $"BaseDelay is {policy.BaseDelay}; it must be between 00:00:00 and MaxDelay ({policy.MaxDelay}).");
            }
        }
    }

    private static void Report(GatewayConfigValidationContext context, string subject, string message) =>
        context.Report(GatewayConfigValidationContext.PoliciesFile, subject, message);
}
