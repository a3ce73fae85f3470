namespace EdgeGateway.Configuration.Rules;

/// <summary>Every route has a local rate limit: a named policy of Policies.RateLimits (the framework's "Default" and "Disable" limit nothing here).</summary>
internal sealed class RouteRateLimitRequiredValidator : IGatewayConfigValidator
{
    public void Validate(GatewayConfigValidationContext context)
    {
        foreach (var route in context.Routes)
        {
            var defined = RouteRules.Names(context.Policies.RateLimits.Keys);
            if (string.IsNullOrWhiteSpace(route.RateLimiterPolicy))
            {
                RouteRules.Report(context, route,
                    $"names no RateLimiterPolicy, so nothing limits how fast it calls WeChat Pay; set \"RateLimiterPolicy\" to a policy of {GatewayConfigValidationContext.PoliciesFile} Policies.RateLimits (defined: {defined}).");
            }
            else if (RoutePolicyReferenceValidator.IsBuiltInRateLimiterPolicy(route.RateLimiterPolicy))
            {
                RouteRules.Report(context, route,
                    $"RateLimiterPolicy is '{route.RateLimiterPolicy}', which applies no limit in this gateway; name a policy of {GatewayConfigValidationContext.PoliciesFile} Policies.RateLimits instead (defined: {defined}).");
            }
        }
    }
}
