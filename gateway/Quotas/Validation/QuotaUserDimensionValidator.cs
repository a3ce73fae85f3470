using EdgeGateway.Configuration;

namespace EdgeGateway.Quotas.Validation;

/// <summary>A user dimension names exactly one source: a header or a JSON field.</summary>
internal sealed class QuotaUserDimensionValidator : IGatewayConfigValidator
{
    public void Validate(GatewayConfigValidationContext context)
    {
        foreach (var (name, policy) in context.Policies.Quotas)
        {
            if (policy.User is { } user && string.IsNullOrWhiteSpace(user.Header) == string.IsNullOrWhiteSpace(user.JsonField))
            {
                QuotaValidation.Report(context, name, "User must name exactly one of Header (e.g. \"X-User-Id\") or JsonField (e.g. \"payer.openid\").");
            }
        }
    }
}
