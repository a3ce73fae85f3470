using EdgeGateway.Configuration;

namespace EdgeGateway.RateLimiting.Validation;

internal static class RateLimitValidation
{
    public static void Report(GatewayConfigValidationContext context, string name, string message) =>
        context.Report(GatewayConfigValidationContext.PoliciesFile, $"Policies.RateLimits.{name}", message);
}
