using EdgeGateway.Configuration;

namespace EdgeGateway.Idempotency;

/// <summary>
/// A guarded route has a Timeout, and its guard's lock outlives it: a lock that expired while WeChat Pay is
/// still working on the request would let a duplicate through.
/// </summary>
internal sealed class DuplicateGuardLockOutlivesTimeoutValidator : IGatewayConfigValidator
{
    public void Validate(GatewayConfigValidationContext context)
    {
        foreach (var route in context.Routes)
        {
            // A null value (a JSON null in the file) names no policy: there is nothing to compare here.
            if (route.Metadata is null || !route.Metadata.TryGetValue(RouteMetadataKeys.DuplicateGuard, out var name) || name is null
                || !context.Policies.DuplicateGuards.TryGetValue(name, out var policy))
            {
                continue; // an unknown name is reported by RoutePolicyReferenceValidator
            }

            var subject = $"route '{route.RouteId}'";
            if (route.Timeout is not { } timeout)
            {
                context.Report(GatewayConfigValidationContext.RoutesFile, subject,
                    $"Metadata.DuplicateGuard names '{name}' but the route sets no Timeout; set a Timeout shorter than the policy's LockTtl ({policy.LockTtl}).");
            }
            else if (policy.LockTtl <= timeout)
            {
                context.Report(GatewayConfigValidationContext.RoutesFile, subject,
                    $"Timeout {timeout} is not shorter than LockTtl {policy.LockTtl} of DuplicateGuards.{name}; the lock could expire while WeChat Pay is still answering. Lower the Timeout or raise LockTtl in {GatewayConfigValidationContext.PoliciesFile}.");
            }
        }
    }
}
