using EdgeGateway.Configuration;

namespace EdgeGateway.Idempotency;

/// <summary>Every duplicate-guard policy has a usable lock lifetime and replay period.</summary>
internal sealed class DuplicateGuardPolicyValidator : IGatewayConfigValidator
{
    private static readonly TimeSpan ShortestLock = TimeSpan.FromSeconds(1);

    public void Validate(GatewayConfigValidationContext context)
    {
        foreach (var (name, policy) in context.Policies.DuplicateGuards)
        {
            var subject = $"Policies.DuplicateGuards.{name}";
            if (policy.LockTtl < ShortestLock)
            {
                context.Report(GatewayConfigValidationContext.PoliciesFile, subject,
                    $"LockTtl is {policy.LockTtl}; it must be at least 00:00:01 and longer than the timeout of every route using this policy.");
            }

            if (policy.ReplayFor < TimeSpan.Zero)
            {
                context.Report(GatewayConfigValidationContext.PoliciesFile, subject,
                    $"ReplayFor is {policy.ReplayFor}; it must be 00:00:00 (answers are not kept) or longer (e.g. \"1.00:00:00\").");
            }
        }
    }
}
