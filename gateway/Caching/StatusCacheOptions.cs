namespace EdgeGateway.Caching;

/// <summary><c>EdgeGateway:StatusCache</c>: host settings of the status cache. Every setting is optional.</summary>
public sealed class StatusCacheOptions
{
    public const string SectionName = "EdgeGateway:StatusCache";

    /// <summary>Largest answer body kept in the cache, in bytes. Default 65536; allowed 1024 to 1048576. Larger answers are still shared with concurrent identical queries.</summary>
    public int MaxEntryBytes { get; set; } = 64 * 1024;

    /// <summary>Most orders/refunds the in-memory store (no Redis configured) keeps at once. Default 100000; allowed 100 to 10000000.</summary>
    public int MemoryMaxEntries { get; set; } = 100_000;

    /// <summary>
    /// After a Redis failure, how long queries skip the cache (and go upstream uncached) before Redis is tried again, so an
    /// outage costs one timeout rather than one per query. Default 00:00:01; allowed 00:00:00 to 00:01:00.
    /// </summary>
    public TimeSpan RedisRetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Every problem with these settings, each naming the key and what to use.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxEntryBytes is < 1024 or > 1024 * 1024)
        {
            errors.Add($"{SectionName}:MaxEntryBytes is {MaxEntryBytes}; use 1024 to 1048576.");
        }

        if (MemoryMaxEntries is < 100 or > 10_000_000)
        {
            errors.Add($"{SectionName}:MemoryMaxEntries is {MemoryMaxEntries}; use 100 to 10000000.");
        }

        if (RedisRetryAfter < TimeSpan.Zero || RedisRetryAfter > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{SectionName}:RedisRetryAfter is {RedisRetryAfter}; use 00:00:00 to 00:01:00.");
        }

        return errors;
    }
}
