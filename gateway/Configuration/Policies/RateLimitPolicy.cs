namespace EdgeGateway.Configuration;

/// <summary>
/// A local (per gateway instance) limit for a route, named on the route with YARP's <c>RateLimiterPolicy</c>.
/// Defaults follow the practice this gateway follows: 5000 requests/s per route instance, 200 concurrent.
/// </summary>
public sealed class RateLimitPolicy
{
    /// <summary>Token-bucket refill rate, requests per second. Default 5000; must be positive.</summary>
    public int PermitsPerSecond { get; set; } = 5000;

    /// <summary>Bucket size (the largest burst). Default: equal to <see cref="PermitsPerSecond"/>.</summary>
    public int? Burst { get; set; }

    /// <summary>Requests in flight at once on the route. Default 200; 0 disables the concurrency limit.</summary>
    public int ConcurrencyLimit { get; set; } = 200;
}
