using System.Globalization;
using EdgeGateway.Requests;
using EdgeGateway.Storage;
using StackExchange.Redis;

namespace EdgeGateway.Caching;

/// <summary>Cached statuses in Redis, shared by every gateway instance (scripts in <see cref="RedisStatusCacheScripts"/>).</summary>
internal sealed class RedisStatusCacheStore(RedisConnection redis) : IStatusCacheStore
{
    public string Kind => "redis";

    private RedisKey Key(StatusIdentity identity) => redis.Key("statuscache:" + identity.Key);

    public async Task<CacheLookup> LookupAsync(StatusIdentity identity, string variant)
    {
        var database = await redis.GetDatabaseAsync().ConfigureAwait(false);
        var result = (RedisResult[])(await database.ScriptEvaluateAsync(RedisStatusCacheScripts.Lookup, [Key(identity)], [variant]).ConfigureAwait(false))!;
        var now = long.Parse((string)result[0]!, CultureInfo.InvariantCulture);
        var generation = long.Parse((string)result[1]!, CultureInfo.InvariantCulture);
        return Read(now, generation, (byte[]?)result[2]);
    }

    private static CacheLookup Read(long now, long generation, byte[]? entry)
    {
        if (entry is null || entry.Length == 0 || !TryParseEntry(entry, out var storedAt, out var expiresAt, out var payload) || expiresAt <= now)
        {
            return CacheLookup.Miss(generation);
        }

        var answer = KeptAnswer.Deserialize(payload);
        return answer is null
            ? CacheLookup.Miss(generation) with { Unreadable = true }
            : new CacheLookup(answer, TimeSpan.FromMilliseconds(Math.Max(0, now - storedAt)), generation);
    }

    public async Task<StoreResult> StoreAsync(StatusIdentity identity, string variant, long generation, KeptAnswer answer, TimeSpan ttl)
    {
        var database = await redis.GetDatabaseAsync().ConfigureAwait(false);
        var stored = await database.ScriptEvaluateAsync(RedisStatusCacheScripts.Store, [Key(identity)],
            [variant, generation.ToString(CultureInfo.InvariantCulture), (long)Math.Ceiling(ttl.TotalMilliseconds), answer.Serialize()]).ConfigureAwait(false);
        return (long)stored == 1 ? StoreResult.Stored : StoreResult.Invalidated;
    }

    public async Task InvalidateAsync(StatusIdentity identity, TimeSpan retention)
    {
        var database = await redis.GetDatabaseAsync().ConfigureAwait(false);
        await database.ScriptEvaluateAsync(RedisStatusCacheScripts.Invalidate, [Key(identity)], [(long)retention.TotalMilliseconds]).ConfigureAwait(false);
    }

    /// <summary>Splits <c>storedAtMs:expiresAtMs:payload</c>.</summary>
    internal static bool TryParseEntry(ReadOnlySpan<byte> entry, out long storedAt, out long expiresAt, out ReadOnlySpan<byte> payload)
    {
        storedAt = expiresAt = 0;
        payload = default;
        var first = entry.IndexOf((byte)':');
        if (first <= 0)
        {
            return false;
        }

        var second = entry[(first + 1)..].IndexOf((byte)':');
        if (second <= 0)
        {
            return false;
        }

        payload = entry[(first + 1 + second + 1)..];
        return long.TryParse(entry[..first], NumberStyles.None, CultureInfo.InvariantCulture, out storedAt)
               && long.TryParse(entry.Slice(first + 1, second), NumberStyles.None, CultureInfo.InvariantCulture, out expiresAt);
    }
}
