using EdgeGateway.Configuration;

namespace EdgeGateway.RateLimiting.Validation;

/// <summary>
/// A route may name only a rate-limit policy that existed when the gateway started: the framework's limiter takes
/// its policy names once, and would fail every request of a route naming a newer one. Changed limits of existing
/// policies apply without a restart.
/// </summary>
internal sealed class RateLimitPolicyRegisteredValidator(RegisteredRateLimitPolicies registered) : IGatewayConfigValidator
{
    public void Validate(GatewayConfigValidationContext context)
    {
        foreach (var route in context.Routes)
        {
            if (route.RateLimiterPolicy is { } name && !RoutePolicyReferenceValidator.IsBuiltInRateLimiterPolicy(name)
                && context.Policies.RateLimits.ContainsKey(name) && !registered.Names.Contains(name))
            {
                context.Report(GatewayConfigValidationContext.RoutesFile, $"route '{route.RouteId}'",
                    $"RateLimiterPolicy names '{name}', which was not in {GatewayConfigValidationContext.PoliciesFile} when the gateway started; rate-limit policy names are read at start, so restart the gateway to use it (changed limits of existing policies apply without a restart).");
            }
        }
    }
}
