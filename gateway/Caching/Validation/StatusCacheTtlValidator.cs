using EdgeGateway.Configuration;

namespace EdgeGateway.Caching.Validation;

/// <summary>
/// TTLs from 0 (keep nothing) to 5 minutes: a cached answer keeps WeChat Pay's signature headers, and clients that verify
/// them themselves refuse a signature older than 5 minutes (PROTOCOL.md §2.3).
/// </summary>
internal sealed class StatusCacheTtlValidator : IGatewayConfigValidator
{
    internal static readonly TimeSpan Longest = TimeSpan.FromMinutes(5);

    public void Validate(GatewayConfigValidationContext context)
    {
        foreach (var (name, policy) in context.Policies.StatusCaches)
        {
            Check(context, name, nameof(StatusCachePolicy.NonFinalTtl), policy.NonFinalTtl);
            Check(context, name, nameof(StatusCachePolicy.FinalTtl), policy.FinalTtl);
        }
    }

    private static void Check(GatewayConfigValidationContext context, string name, string field, TimeSpan ttl)
    {
        if (ttl < TimeSpan.Zero || ttl > Longest)
        {
            StatusCacheValidation.ReportPolicy(context, name,
                $"{field} is {ttl}; use 00:00:00 (keep nothing) to 00:05:00: a cached answer keeps WeChat Pay's signature, which clients verifying it accept for 5 minutes.");
        }
    }
}
