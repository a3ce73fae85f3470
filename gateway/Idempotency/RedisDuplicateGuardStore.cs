using EdgeGateway.Storage;
using StackExchange.Redis;

namespace EdgeGateway.Idempotency;

/// <summary>
/// The guard in Redis, shared by every gateway instance. Each step is one Lua script, so checking for a kept
/// answer and taking the lock cannot interleave with another instance, and a lock is only ever deleted by the
/// owner whose token it holds (compare-and-delete): a request whose lock expired cannot free someone else's.
/// </summary>
internal sealed class RedisDuplicateGuardStore(RedisConnection redis) : IDuplicateGuardStore
{
    // KEYS[1] lock, KEYS[2] answer; ARGV[1] owner token + fingerprint, ARGV[2] lock TTL in ms.
    private const string BeginScript = """
        local answer = redis.call('GET', KEYS[2])
        if answer then return {'done', answer} end
        if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return {'locked'} end
        return {'busy', redis.call('GET', KEYS[1]) or ''}
        """;

    // KEYS[1] lock, KEYS[2] answer; ARGV[1] owner token + fingerprint, ARGV[2] answer, ARGV[3] keep for ms (0: do not keep).
    private const string CompleteScript = """
        if tonumber(ARGV[3]) > 0 then redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3]) end
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    // KEYS[1] lock; ARGV[1] owner token + fingerprint.
    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    public async ValueTask<GuardBegin> BeginAsync(GuardKey key, string lockValue, TimeSpan lockTtl)
    {
        try
        {
            var database = await redis.GetDatabaseAsync();
            var result = (RedisResult[])(await database.ScriptEvaluateAsync(BeginScript, [LockKey(key), AnswerKey(key)],
                [lockValue, (long)lockTtl.TotalMilliseconds]))!;
            return (string?)result[0] switch
            {
                "locked" => GuardBegin.Acquired,
                "done" when StoredAnswer.Deserialize((byte[]?)result[1]) is { } answer => GuardBegin.Completed(answer),
                "done" => GuardBegin.Unavailable("the kept answer could not be read"),
                _ => GuardBegin.InFlight(DuplicateGuardLock.Fingerprint((string?)result[1])),
            };
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return GuardBegin.Unavailable(ex.GetType().Name);
        }
    }

    public async ValueTask<bool> CompleteAsync(GuardKey key, string lockValue, StoredAnswer answer, TimeSpan replayFor)
    {
        try
        {
            var database = await redis.GetDatabaseAsync();
            await database.ScriptEvaluateAsync(CompleteScript, [LockKey(key), AnswerKey(key)],
                [lockValue, answer.Serialize(), (long)replayFor.TotalMilliseconds]);
            return true;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return false;
        }
    }

    public async ValueTask<bool> ReleaseAsync(GuardKey key, string lockValue)
    {
        try
        {
            var database = await redis.GetDatabaseAsync();
            await database.ScriptEvaluateAsync(ReleaseScript, [LockKey(key)], [lockValue]);
            return true;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return false;
        }
    }

    private RedisKey LockKey(GuardKey key) => redis.Key($"dup:{key}:lock");

    private RedisKey AnswerKey(GuardKey key) => redis.Key($"dup:{key}:answer");
}
