using EdgeGateway.Storage;
using StackExchange.Redis;

namespace EdgeGateway.Callbacks;

/// <summary>
/// Callbacks in Redis, spread over <see cref="CallbackOptions.StreamShards"/> shards (<see cref="CallbackShards"/>).
/// A shard's keys share its hash tag — <c>{callbacks}</c> for shard 0, <c>{callbacks:n}</c> for the others — so its
/// scripts run on Redis Cluster, and the shards land on different primaries. Per shard:
/// <list type="bullet">
/// <item><c>{callbacks}:stream</c> — the queue, a stream read by the consumer group <c>delivery</c>; taken
/// entries stay in the group's pending list until acknowledged, so a crashed instance's are claimed by
/// another (XAUTOCLAIM).</item>
/// <item><c>{callbacks}:retry</c> — events waiting for their next attempt, a sorted set scored by due time.</item>
/// <item><c>{callbacks}:dead</c> — the dead-letter stream.</item>
/// <item><c>{callbacks}:seen:{mchid}:{id}</c> — notification ids accepted within the dedupe window.</item>
/// </list>
/// Every move of an event is one Lua script within its shard, so it is in exactly one place whatever crashes. The
/// queue is never trimmed by length: entries leave it only when delivered, rescheduled or dead-lettered. Accepting
/// is answered only once <see cref="RedisCallbackReplication"/> has the replicas' confirmation (WAIT).
/// </summary>
internal sealed class RedisCallbackStore : ICallbackStore, IAsyncDisposable
{
    public const string Group = "delivery";

    // A duplicate rewrites its dedupe key's own TTL: a write, so the WAIT that follows covers the first copy too (the
    // replication stream is in order), whichever instance or connection stored it.
    private const string AcceptScript = """
        if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then
          redis.call('XADD', KEYS[2], '*', 'id', ARGV[2], 'event', ARGV[3])
          return 1
        end
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
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

    private readonly RedisConnection _redis;
    private readonly RedisCallbackReplication _replication;
    private readonly int _shards;
    private readonly RedisValue[] _claimCursors;
    private int _nextShard;

    public RedisCallbackStore(RedisConnection redis, CallbackOptions? options = null, ILogger<RedisCallbackStore>? logger = null)
    {
        options ??= new CallbackOptions();
        _redis = redis;
        _shards = Math.Max(1, options.StreamShards);
        _claimCursors = Enumerable.Repeat((RedisValue)"0-0", _shards).ToArray();
        _replication = new RedisCallbackReplication(redis, options, (ILogger?)logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
    }

    public string Kind => "redis";

    /// <summary>How many stream shards this store reads and writes.</summary>
    public int Shards => _shards;

    internal RedisKey Stream(int shard) => _redis.Key(CallbackShards.Tag(shard) + ":stream");

    private RedisKey Retry(int shard) => _redis.Key(CallbackShards.Tag(shard) + ":retry");

    private RedisKey Dead(int shard) => _redis.Key(CallbackShards.Tag(shard) + ":dead");

    private RedisKey Seen(int shard, string mchId, string id) => _redis.Key($"{CallbackShards.Tag(shard)}:seen:{mchId}:{id}");

    public async Task<AcceptOutcome> AcceptAsync(CallbackEvent callback, TimeSpan dedupeWindow)
    {
        var shard = CallbackShards.Of(callback.MchId, callback.Id, _shards);
        try
        {
            var db = await _replication.GetDatabaseAsync();
            var result = await db.ScriptEvaluateAsync(AcceptScript, [Seen(shard, callback.MchId, callback.Id), Stream(shard)],
                [(long)dedupeWindow.TotalSeconds, callback.Id, callback.ToJson()]);
            if (!await _replication.WaitForReplicasAsync(Stream(shard)))
            {
                // Stored on the primary but not (yet) on a replica: WeChat Pay must send it again. If the primary
                // survives, the re-send is a duplicate (204, not queued twice); if it dies, the re-send is accepted anew.
                return AcceptOutcome.Unavailable;
            }

            return (long)result == 1 ? AcceptOutcome.Accepted : AcceptOutcome.Duplicate;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            return AcceptOutcome.Unavailable;
        }
    }

    public async Task<IReadOnlyList<PendingCallback>> TakeNewAsync(string consumer, int count)
    {
        var db = await _redis.GetDatabaseAsync();
        var taken = new List<PendingCallback>();
        foreach (var shard in Rotation())
        {
            if (taken.Count >= count)
            {
                break;
            }

            StreamEntry[] entries;
            try
            {
                entries = await db.StreamReadGroupAsync(Stream(shard), Group, consumer, StreamPosition.NewMessages, count - taken.Count);
            }
            catch (RedisServerException ex) when (ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
            {
                // First start, or Redis lost its data (restarted without persistence): create the group and go on.
                await EnsureGroupAsync(db, shard);
                entries = await db.StreamReadGroupAsync(Stream(shard), Group, consumer, StreamPosition.NewMessages, count - taken.Count);
            }

            taken.AddRange(await ToPendingAsync(db, shard, entries));
        }

        return taken;
    }

    public async Task<IReadOnlyList<PendingCallback>> ClaimOrphansAsync(string consumer, TimeSpan idle, int count)
    {
        var db = await _redis.GetDatabaseAsync();
        var taken = new List<PendingCallback>();
        foreach (var shard in Rotation())
        {
            if (taken.Count >= count)
            {
                break;
            }

            StreamAutoClaimResult result;
            try
            {
                result = await db.StreamAutoClaimAsync(Stream(shard), Group, consumer, (long)idle.TotalMilliseconds, _claimCursors[shard], count - taken.Count);
            }
            catch (RedisServerException ex) when (ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
            {
                await EnsureGroupAsync(db, shard);
                continue;
            }

            // XAUTOCLAIM walks the pending list with a cursor; "0-0" means it went round once.
            _claimCursors[shard] = result.NextStartId.IsNullOrEmpty ? "0-0" : result.NextStartId;
            taken.AddRange(await ToPendingAsync(db, shard, result.ClaimedEntries));
        }

        return taken;
    }

    public async Task<int> RemoveIdleConsumersAsync(string self, TimeSpan idle)
    {
        var db = await _redis.GetDatabaseAsync();
        var removed = 0;
        for (var shard = 0; shard < _shards; shard++)
        {
            removed += (int)(long)await db.ScriptEvaluateAsync(RemoveIdleConsumersScript, [Stream(shard)], [Group, self, (long)idle.TotalMilliseconds]);
        }

        return removed;
    }

    public async Task<int> ReleaseDueRetriesAsync(DateTimeOffset now, int max)
    {
        var db = await _redis.GetDatabaseAsync();
        var released = 0;
        foreach (var shard in Rotation())
        {
            if (released >= max)
            {
                break;
            }

            released += (int)(long)await db.ScriptEvaluateAsync(ReleaseDueScript, [Retry(shard), Stream(shard)], [now.ToUnixTimeMilliseconds(), max - released]);
        }

        return released;
    }

    public async Task CompleteAsync(PendingCallback taken)
    {
        var (shard, id) = Parse(taken.EntryId);
        var db = await _redis.GetDatabaseAsync();
        await db.ScriptEvaluateAsync(CompleteScript, [Stream(shard)], [Group, id]);
    }

    public async Task<bool> RescheduleAsync(PendingCallback taken, CallbackEvent updated, DateTimeOffset due)
    {
        var (shard, id) = Parse(taken.EntryId);
        var db = await _redis.GetDatabaseAsync();
        return (long)await db.ScriptEvaluateAsync(RescheduleScript, [Stream(shard), Retry(shard)],
            [Group, id, due.ToUnixTimeMilliseconds(), updated.ToJson()]) == 1;
    }

    public async Task<bool> DeadLetterAsync(PendingCallback taken, CallbackEvent updated)
    {
        var (shard, id) = Parse(taken.EntryId);
        var db = await _redis.GetDatabaseAsync();
        return (long)await db.ScriptEvaluateAsync(DeadLetterScript, [Stream(shard), Dead(shard)], [Group, id, updated.Id, updated.ToJson()]) == 1;
    }

    public async Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(int count)
    {
        var db = await _redis.GetDatabaseAsync();
        var letters = new List<(RedisValue Id, DeadLetter Letter)>();
        for (var shard = 0; shard < _shards; shard++)
        {
            foreach (var entry in await db.StreamRangeAsync(Dead(shard), "-", "+", count))
            {
                var callback = CallbackEvent.FromJson(entry["event"]) ?? Unreadable(entry);
                letters.Add((entry.Id, new DeadLetter(CallbackShards.EntryId(shard, entry.Id.ToString()), callback)));
            }
        }

        // The oldest first over all shards (stream ids start with their time in ms).
        return [.. letters.OrderBy(l => StreamTime(l.Id)).ThenBy(l => l.Letter.EntryId, StringComparer.Ordinal).Take(count).Select(l => l.Letter)];
    }

    public async Task<bool> ReplayAsync(string deadLetterId)
    {
        if (!CallbackShards.TryParse(deadLetterId, out var shard, out var id) || shard >= _shards)
        {
            return false;
        }

        var db = await _redis.GetDatabaseAsync();
        var entries = await db.StreamRangeAsync(Dead(shard), id, id, 1);
        if (entries.Length == 0 || CallbackEvent.FromJson(entries[0]["event"]) is not { } callback)
        {
            return false;
        }

        var fresh = callback with { Attempts = 0, LastError = null, DeadLetteredAt = null };
        return (long)await db.ScriptEvaluateAsync(ReplayScript, [Dead(shard), Stream(shard)], [id, fresh.Id, fresh.ToJson()]) == 1;
    }

    public async Task<CallbackStoreStats> StatsAsync()
    {
        var db = await _redis.GetDatabaseAsync();
        long queued = 0, pendingTotal = 0, retries = 0, dead = 0;
        for (var shard = 0; shard < _shards; shard++)
        {
            var length = db.StreamLengthAsync(Stream(shard));
            var retrying = db.SortedSetLengthAsync(Retry(shard));
            var deadLetters = db.StreamLengthAsync(Dead(shard));
            long pending = 0;
            try
            {
                pending = (await db.StreamPendingAsync(Stream(shard), Group)).PendingMessageCount;
            }
            catch (RedisServerException ex) when (ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
            {
            }

            // Taken entries stay in the stream until finished, so the queue is the stream less the pending ones.
            queued += Math.Max(0, await length - pending);
            pendingTotal += pending;
            retries += await retrying;
            dead += await deadLetters;
        }

        return new CallbackStoreStats(Kind, queued, pendingTotal, retries, dead);
    }

    public ValueTask DisposeAsync() => _replication.DisposeAsync();

    /// <summary>Every shard once, starting one further each call, so a busy shard does not starve the others.</summary>
    private IEnumerable<int> Rotation()
    {
        var start = (int)((uint)Interlocked.Increment(ref _nextShard) % (uint)_shards);
        for (var i = 0; i < _shards; i++)
        {
            yield return (start + i) % _shards;
        }
    }

    private (int Shard, string Id) Parse(string entryId) =>
        CallbackShards.TryParse(entryId, out var shard, out var id) && shard < _shards
            ? (shard, id)
            : throw new ArgumentException($"'{entryId}' is not an entry id of this store's {_shards} shard(s).", nameof(entryId));

    private static long StreamTime(RedisValue id)
    {
        var text = id.ToString();
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        return long.TryParse(dash < 0 ? text : text[..dash], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms) ? ms : 0;
    }

    private async Task EnsureGroupAsync(IDatabase db, int shard)
    {
        try
        {
            // From the start of the stream: events accepted before the group existed are delivered too.
            await db.StreamCreateConsumerGroupAsync(Stream(shard), Group, "0-0", createStream: true);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
        }
    }

    private async Task<IReadOnlyList<PendingCallback>> ToPendingAsync(IDatabase db, int shard, StreamEntry[] entries)
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
                taken.Add(new PendingCallback(CallbackShards.EntryId(shard, entry.Id.ToString()), callback));
            }
            else
            {
                // Not an event this gateway wrote: keep it for an operator rather than retry it forever.
                var unreadable = Unreadable(entry);
                await db.ScriptEvaluateAsync(DeadLetterScript, [Stream(shard), Dead(shard)], [Group, entry.Id, unreadable.Id, unreadable.ToJson()]);
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
