namespace EdgeGateway.Configuration;

/// <summary>Every policy a route names must exist in the catalogue, in the section its key implies.</summary>
internal sealed class RoutePolicyReferenceValidator : IGatewayConfigValidator
{
    public void Validate(GatewayConfigValidationContext context)
    {
        foreach (var route in context.Routes)
        {
            var subject = $"route '{route.RouteId}'";
            if (route.RateLimiterPolicy is { } rateLimit && !IsBuiltInRateLimiterPolicy(rateLimit) && !context.Policies.RateLimits.ContainsKey(rateLimit))
            {
                Unknown(context, subject, "RateLimiterPolicy", rateLimit, "RateLimits", context.Policies.RateLimits.Keys);
            }

            Check(context, route.Metadata, subject, RouteMetadataKeys.Quota, "Quotas", context.Policies.Quotas.Keys);
            Check(context, route.Metadata, subject, RouteMetadataKeys.CircuitBreaker, "CircuitBreakers", context.Policies.CircuitBreakers.Keys);
            Check(context, route.Metadata, subject, RouteMetadataKeys.Retry, "Retries", context.Policies.Retries.Keys);
            Check(context, route.Metadata, subject, RouteMetadataKeys.DuplicateGuard, "DuplicateGuards", context.Policies.DuplicateGuards.Keys);
            Check(context, route.Metadata, subject, RouteMetadataKeys.StatusCache, "StatusCaches", context.Policies.StatusCaches.Keys);
        }
    }

    internal static bool IsBuiltInRateLimiterPolicy(string name) =>
        string.Equals(name, "Default", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "Disable", StringComparison.OrdinalIgnoreCase);

    private static void Check(GatewayConfigValidationContext context, IReadOnlyDictionary<string, string>? metadata, string subject, string key,
        string section, IEnumerable<string> known)
    {
        if (metadata is not null && metadata.TryGetValue(key, out var name) && !known.Contains(name, StringComparer.Ordinal))
        {
            Unknown(context, subject, $"Metadata.{key}", name, section, known);
        }
    }

    private static void Unknown(GatewayConfigValidationContext context, string subject, string field, string name, string section, IEnumerable<string> known)
    {
        var names = string.Join(", ", known.OrderBy(k => k, StringComparer.Ordinal));
        context.Report(GatewayConfigValidationContext.RoutesFile, subject,
            $"{field} names '{name}', which is not a policy in {GatewayConfigValidationContext.PoliciesFile} Policies.{section} (defined: {(names.Length == 0 ? "none" : names)}); add it there or use one of those.");
    }
}
