using System.Threading.RateLimiting;

namespace EdgeGateway.RateLimiting;

/// <summary>Builds a route's limiter: concurrency first, then the token bucket, chained, neither queueing.</summary>
internal static class RouteLimiterFactory
{
    /// <summary>Replenish about ten times a second, so the bucket refills smoothly rather than once a second.</summary>
    private const int RefillsPerSecond = 10;

    public static RateLimiter Create(RouteLimiterKey key)
    {
        // Concurrency comes first: if the bucket then refuses, the chain releases the concurrency permit; the other
        // order would spend a token on a request that the concurrency limit then turns away.
        var tokensPerPeriod = Math.Max(1, (int)Math.Ceiling((double)key.PermitsPerSecond / RefillsPerSecond));
        var bucket = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = key.Burst,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = TimeSpan.FromSeconds((double)tokensPerPeriod / key.PermitsPerSecond),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
        if (key.ConcurrencyLimit <= 0)
        {
            return bucket;
        }

        var concurrency = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = key.ConcurrencyLimit, QueueLimit = 0 });
        return RateLimiter.CreateChained(concurrency, bucket);
    }
}
