using EdgeGateway.Configuration;
using Microsoft.Extensions.Options;

namespace EdgeGateway.Caching;

/// <summary><c>EdgeGateway:StatusCache</c>: host settings of the status cache. Every setting is optional.</summary>
public sealed class StatusCacheOptions
{
    public const string SectionName = "EdgeGateway:StatusCache";

    /// <summary>The message of a value outside its range: the full key, the value found and the range.</summary>
    private const string UseRange = SectionName + ":{0} is {3}; use {1} to {2}.";

    /// <summary>Largest answer body kept in the cache, in bytes. Default 65536; allowed 1024 to 1048576. Larger answers are still shared with concurrent identical queries.</summary>
    [SettingRange(1024, 1024 * 1024, ErrorMessage = UseRange)]
    public int MaxEntryBytes { get; set; } = 64 * 1024;

    /// <summary>Most orders/refunds the in-memory store (no Redis configured) keeps at once. Default 100000; allowed 100 to 10000000.</summary>
    [SettingRange(100, 10_000_000, ErrorMessage = UseRange)]
    public int MemoryMaxEntries { get; set; } = 100_000;

    /// <summary>
    /// After a Redis failure, how long queries skip the cache (and go upstream uncached) before Redis is tried again, so an
    /// outage costs one timeout rather than one per query. Default 00:00:01; allowed 00:00:00 to 00:01:00.
    /// </summary>
    [SettingRange(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = UseRange)]
    public TimeSpan RedisRetryAfter { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>Checks <see cref="StatusCacheOptions"/> against its attributes (generated).</summary>
[OptionsValidator]
internal sealed partial class StatusCacheOptionsValidator : IValidateOptions<StatusCacheOptions>;
