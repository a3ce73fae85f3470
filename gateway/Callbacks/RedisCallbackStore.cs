using EdgeGateway.Storage;
using StackExchange.Redis;

namespace EdgeGateway.Callbacks;

/// <summary>
/// Callbacks in Redis. Keys share the hash tag <c>{callbacks}</c> so the scripts also run on Redis Cluster:
/// <list type="bullet">
/// <item><c>{callbacks}:stream</c> — the queue, a stream read by the consumer group <c>delivery</c>; taken
/// entries stay in the group's pending list until acknowledged, so a crashed instance's are claimed by
/// another (XAUTOCLAIM).</item>
/// <item><c>{callbacks}:retry</c> — events waiting for their next attempt, a sorted set scored by due time.</item>
/// <item><c>{callbacks}:dead</c> — the dead-letter stream.</item>
/// <item><c>{callbacks}:seen:{mchid}:{id}</c> — notification ids accepted within the dedupe window.</item>
/// </list>
/// Every move of an event is one Lua script, so it is in exactly one place whatever crashes. The queue is
/// never trimmed by length: entries leave it only when delivered, rescheduled or dead-lettered.
/// </summary>
internal sealed class RedisCallbackStore(RedisConnection redis) : ICallbackStore
{
    public const string Group = "delivery";

    private const string AcceptScript = """
        if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then
          redis.call('XADD', KEYS[2], '*', 'id', ARGV[2], 'event', ARGV[3])
          return 1
        end
        return 0
        """;

    private const string CompleteScript = """
        redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
        redis.call('XDEL', KEYS[1], ARGV[2])
        return 1
        """;

    // XACK answers 0 when the entry was already acknowledged (finished by another instance that claimed it):
    // then it must not be queued a second time.
    private const string RescheduleScript = """
        if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
        redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
        redis.call('XDEL', KEYS[1], ARGV[2])
        return 1
        """;

    private const string DeadLetterScript = """
        if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
        redis.call('XADD', KEYS[2], '*', 'id', ARGV[3], 'event', ARGV[4])
        redis.call('XDEL', KEYS[1], ARGV[2])
        return 1
        """;

    private const string ReleaseDueScript = """
        local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
        for _, member in ipairs(due) do
          local ok, event = pcall(cjson.decode, member)
          local id = ok and type(event) == 'table' and event['id'] or 'unreadable'
          redis.call('XADD', KEYS[2], '*', 'id', tostring(id), 'event', member)
          redis.call('ZREM', KEYS[1], member)
        end
        return #due
        """;

    private const string ReplayScript = """
        if redis.call('XDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
        redis.call('XADD', KEYS[2], '*', 'id', ARGV[2], 'event', ARGV[3])
        return 1
        """;

    // Checked and deleted in one script: a consumer deleted with events pending would take them out of the
    // pending list, where nobody could claim them any more.
    private const string RemoveIdleConsumersScript = """
        local ok, consumers = pcall(redis.call, 'XINFO', 'CONSUMERS', KEYS[1], ARGV[1])
        if not ok then return 0 end
        local removed = 0
        for _, consumer in ipairs(consumers) do
          local fields = {}
          for i = 1, #consumer, 2 do fields[consumer[i]] = consumer[i + 1] end
          if fields['name'] ~= ARGV[2] and tonumber(fields['pending']) == 0 and tonumber(fields['idle']) > tonumber(ARGV[3]) then
            redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], fields['name'])
            removed = removed + 1
          end
        end
        return removed
        """;

    private RedisValue _claimCursor = "0-0";

    public string Kind => "redis";

    private RedisKey Stream => redis.Key("{callbacks}:stream");

    private RedisKey Retry => redis.Key("{callbacks}:retry");

    private RedisKey Dead => redis.Key("{callbacks}:dead");

    private RedisKey Seen(string mchId, string id) => redis.Key($"{{callbacks}}:seen:{mchId}:{id}");

    public async Task<AcceptOutcome> AcceptAsync(CallbackEvent callback, TimeSpan dedupeWindow)
    {
        try
        {
            var db = await redis.GetDatabaseAsync();
            var result = await db.ScriptEvaluateAsync(AcceptScript, [Seen(callback.MchId, callback.Id), Stream],
                [(long)dedupeWindow.TotalSeconds, callback.Id, callback.ToJson()]);
            return (long)result == 1 ? AcceptOutcome.Accepted : AcceptOutcome.Duplicate;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            return AcceptOutcome.Unavailable;
        }
    }

    public async Task<IReadOnlyList<PendingCallback>> TakeNewAsync(string consumer, int count)
    {
        var db = await redis.GetDatabaseAsync();
        StreamEntry[] entries;
        try
        {
            entries = await db.StreamReadGroupAsync(Stream, Group, consumer, StreamPosition.NewMessages, count);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
        {
            // First start, or Redis lost its data (restarted without persistence): create the group and go on.
            await EnsureGroupAsync(db);
            entries = await db.StreamReadGroupAsync(Stream, Group, consumer, StreamPosition.NewMessages, count);
        }

        return await ToPendingAsync(db, entries);
    }

    public async Task<IReadOnlyList<PendingCallback>> ClaimOrphansAsync(string consumer, TimeSpan idle, int count)
    {
        var db = await redis.GetDatabaseAsync();
        StreamAutoClaimResult result;
        try
        {
            result = await db.StreamAutoClaimAsync(Stream, Group, consumer, (long)idle.TotalMilliseconds, _claimCursor, count);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
        {
            await EnsureGroupAsync(db);
            return [];
        }

        // XAUTOCLAIM walks the pending list with a cursor; "0-0" means it went round once.
        _claimCursor = result.NextStartId.IsNullOrEmpty ? "0-0" : result.NextStartId;
        return await ToPendingAsync(db, result.ClaimedEntries);
    }

    public async Task<int> RemoveIdleConsumersAsync(string self, TimeSpan idle)
    {
        var db = await redis.GetDatabaseAsync();
        return (int)(long)await db.ScriptEvaluateAsync(RemoveIdleConsumersScript, [Stream], [Group, self, (long)idle.TotalMilliseconds]);
    }

    public async Task<int> ReleaseDueRetriesAsync(DateTimeOffset now, int max)
    {
        var db = await redis.GetDatabaseAsync();
        return (int)(long)await db.ScriptEvaluateAsync(ReleaseDueScript, [Retry, Stream], [now.ToUnixTimeMilliseconds(), max]);
    }

    public async Task CompleteAsync(PendingCallback taken)
    {
        var db = await redis.GetDatabaseAsync();
        await db.ScriptEvaluateAsync(CompleteScript, [Stream], [Group, taken.EntryId]);
    }

    public async Task<bool> RescheduleAsync(PendingCallback taken, CallbackEvent updated, DateTimeOffset due)
    {
        var db = await redis.GetDatabaseAsync();
        return (long)await db.ScriptEvaluateAsync(RescheduleScript, [Stream, Retry],
            [Group, taken.EntryId, due.ToUnixTimeMilliseconds(), updated.ToJson()]) == 1;
    }

    public async Task<bool> DeadLetterAsync(PendingCallback taken, CallbackEvent updated)
    {
        var db = await redis.GetDatabaseAsync();
        return (long)await db.ScriptEvaluateAsync(DeadLetterScript, [Stream, Dead], [Group, taken.EntryId, updated.Id, updated.ToJson()]) == 1;
    }

    public async Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(int count)
    {
        var db = await redis.GetDatabaseAsync();
        var entries = await db.StreamRangeAsync(Dead, "-", "+", count);
        var letters = new List<DeadLetter>(entries.Length);
        foreach (var entry in entries)
        {
            var callback = CallbackEvent.FromJson(entry["event"]) ?? Unreadable(entry);
            letters.Add(new DeadLetter(entry.Id.ToString(), callback));
        }

        return letters;
    }

    public async Task<bool> ReplayAsync(string deadLetterId)
    {
        var db = await redis.GetDatabaseAsync();
        var entries = await db.StreamRangeAsync(Dead, deadLetterId, deadLetterId, 1);
        if (entries.Length == 0 || CallbackEvent.FromJson(entries[0]["event"]) is not { } callback)
        {
            return false;
        }

        var fresh = callback with { Attempts = 0, LastError = null, DeadLetteredAt = null };
        return (long)await db.ScriptEvaluateAsync(ReplayScript, [Dead, Stream], [deadLetterId, fresh.Id, fresh.ToJson()]) == 1;
    }

    public async Task<CallbackStoreStats> StatsAsync()
    {
        var db = await redis.GetDatabaseAsync();
        var length = db.StreamLengthAsync(Stream);
        var retries = db.SortedSetLengthAsync(Retry);
        var dead = db.StreamLengthAsync(Dead);
        long pending = 0;
        try
        {
            pending = (await db.StreamPendingAsync(Stream, Group)).PendingMessageCount;
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
        {
        }

        // Taken entries stay in the stream until finished, so the queue is the stream less the pending ones.
        return new CallbackStoreStats(Kind, Math.Max(0, await length - pending), pending, await retries, await dead);
    }

    private async Task EnsureGroupAsync(IDatabase db)
    {
        try
        {
            // From the start of the stream: events accepted before the group existed are delivered too.
            await db.StreamCreateConsumerGroupAsync(Stream, Group, "0-0", createStream: true);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
        }
    }

    private async Task<IReadOnlyList<PendingCallback>> ToPendingAsync(IDatabase db, StreamEntry[] entries)
    {
        var taken = new List<PendingCallback>(entries.Length);
        foreach (var entry in entries)
        {
            if (entry.IsNull)
            {
                continue;
            }

            if (CallbackEvent.FromJson(entry["event"]) is { } callback)
            {
                taken.Add(new PendingCallback(entry.Id.ToString(), callback));
            }
            else
            {
                // Not an event this gateway wrote: keep it for an operator rather than retry it forever.
                var unreadable = Unreadable(entry);
                await db.ScriptEvaluateAsync(DeadLetterScript, [Stream, Dead], [Group, entry.Id, unreadable.Id, unreadable.ToJson()]);
            }
        }

        return taken;
    }

    private static CallbackEvent Unreadable(StreamEntry entry) => new()
    {
        Id = entry["id"].IsNullOrEmpty ? entry.Id.ToString() : entry["id"].ToString(),
        Name = string.Empty,
        MchId = string.Empty,
        EventType = string.Empty,
        Plaintext = entry["event"].IsNull ? string.Empty : entry["event"].ToString(),
        LastError = "the stored entry is not a callback event this gateway can read",
    };
}
