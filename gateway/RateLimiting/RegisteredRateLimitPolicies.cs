namespace EdgeGateway.RateLimiting;

/// <summary>The rate-limit policy names known at start: the framework's rate limiter cannot learn new ones later.</summary>
internal sealed class RegisteredRateLimitPolicies(IEnumerable<string> names)
{
    public IReadOnlySet<string> Names { get; } = new HashSet<string>(names, StringComparer.Ordinal);
}
