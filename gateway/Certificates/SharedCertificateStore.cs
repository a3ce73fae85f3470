using System.Security.Cryptography;
using EdgeGateway.Storage;
using StackExchange.Redis;

namespace EdgeGateway.Certificates;

/// <summary>
/// The certificate sets shared between instances through Redis: one hash per merchant holding the last
/// download (<see cref="CertificateRecord"/>), a lock held by the one instance that downloads, and a slot
/// that lets one download per interval be triggered by an unknown serial. Redis errors surface as
/// exceptions; the refresher falls back to its own copy and to the disk.
/// </summary>
internal sealed class SharedCertificateStore(RedisConnection redis)
{
    // Keeps a record only if it is newer than the one stored, so a slow instance never overwrites a fresher set.
    private const string WriteIfNewerScript = """
        local current = redis.call('HGET', KEYS[1], 'fetched_at')
        if current and tonumber(current) >= tonumber(ARGV[1]) then return 0 end
        redis.call('HSET', KEYS[1], 'fetched_at', ARGV[1], 'status', ARGV[2], 'body', ARGV[3])
        return 1
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    public bool IsConfigured => redis.IsConfigured;

    public async Task<DateTimeOffset?> ReadFetchedAtAsync(string mchId)
    {
        var db = await redis.GetDatabaseAsync();
        var value = await db.HashGetAsync(RecordKey(mchId), "fetched_at");
        return value.TryParse(out long ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    public async Task<CertificateRecord?> ReadAsync(string mchId)
    {
        var db = await redis.GetDatabaseAsync();
        var fields = await db.HashGetAsync(RecordKey(mchId), ["fetched_at", "status", "body"]);
        if (!fields[0].TryParse(out long ms) || fields[1].IsNull)
        {
            return null;
        }

        return new CertificateRecord(DateTimeOffset.FromUnixTimeMilliseconds(ms), fields[1] == "not_found", fields[2].IsNull ? string.Empty : fields[2].ToString());
    }

    public async Task<bool> WriteAsync(string mchId, CertificateRecord record)
    {
        var db = await redis.GetDatabaseAsync();
        var written = await db.ScriptEvaluateAsync(WriteIfNewerScript, [RecordKey(mchId)],
            [record.FetchedAt.ToUnixTimeMilliseconds(), record.NotFound ? "not_found" : "ok", record.Body]);
        return (long)written == 1;
    }

    /// <summary>Takes the download lock; returns its token, or null when another instance holds it.</summary>
    public async Task<string?> TryLockAsync(string mchId, TimeSpan ttl)
    {
        var db = await redis.GetDatabaseAsync();
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        return await db.StringSetAsync(LockKey(mchId), token, ttl, When.NotExists) ? token : null;
    }

    public async Task<bool> IsLockedAsync(string mchId)
    {
        var db = await redis.GetDatabaseAsync();
        return await db.KeyExistsAsync(LockKey(mchId));
    }

    public async Task ReleaseAsync(string mchId, string token)
    {
        var db = await redis.GetDatabaseAsync();
        await db.ScriptEvaluateAsync(ReleaseScript, [LockKey(mchId)], [token]);
    }

    /// <summary>True for the one caller (across all instances) allowed an unknown-serial download in this interval.</summary>
    public async Task<bool> TryTakeUnknownSerialSlotAsync(string mchId, TimeSpan interval)
    {
        var db = await redis.GetDatabaseAsync();
        return await db.StringSetAsync(redis.Key($"certs:{mchId}:unknown-serial"), "1", interval, When.NotExists);
    }

    private RedisKey RecordKey(string mchId) => redis.Key($"certs:{mchId}");

    private RedisKey LockKey(string mchId) => redis.Key($"certs:{mchId}:lock");
}
