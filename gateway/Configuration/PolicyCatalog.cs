namespace EdgeGateway.Configuration;

/// <summary>
/// The named policies of config/policies.json (section <c>Policies</c>). Routes refer to them by name:
/// <c>RateLimiterPolicy</c> (YARP's own field) and the metadata keys of <see cref="RouteMetadataKeys"/>.
/// </summary>
public sealed class PolicyCatalog
{
    public const string SectionName = "Policies";

    public Dictionary<string, RateLimitPolicy> RateLimits { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, QuotaPolicy> Quotas { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, CircuitBreakerPolicy> CircuitBreakers { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, RetryPolicy> Retries { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, DuplicateGuardPolicy> DuplicateGuards { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, StatusCachePolicy> StatusCaches { get; set; } = new(StringComparer.Ordinal);
}
