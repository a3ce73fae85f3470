using EdgeGateway.Configuration;

namespace EdgeGateway.Quotas.Validation;

internal static class QuotaValidation
{
    public static void Report(GatewayConfigValidationContext context, string name, string message) =>
        context.Report(GatewayConfigValidationContext.PoliciesFile, $"Policies.Quotas.{name}", message);
}
