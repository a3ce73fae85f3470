using EdgeGateway.Callbacks;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace EdgeGateway.IntegrationTests.Callbacks;

/// <summary>The callback stream's shards and the replicas' confirmation (WAIT), against a real Redis of each topology.</summary>
public sealed class RedisCallbackShardTests
{
    private static RedisConnection Connect(IRedisTopology redis, string test) => new(Options.Create(new RedisOptions
    {
        Configuration = redis.Endpoint,
        KeyPrefix = RedisServer.NewPrefix(test),
        OperationTimeoutMs = 3000, // the store, not the timeout, is under test: a loaded machine must not fail it
    }), NullLogger<RedisConnection>.Instance);

    private static CallbackEvent Event() => new()
    {
        Id = Guid.NewGuid().ToString(), Name = "pay", MchId = "1900000001", EventType = "TRANSACTION.SUCCESS", Plaintext = "{}",
    };

    [Theory]
    [MemberData(nameof(RedisTopologies.Both), MemberType = typeof(RedisTopologies))]
    public async Task Accept_FortyCallbacks_SpreadOverEveryShard_AndEachIsTakenExactlyOnce(string topology)
    {
        await using var connection = Connect(await RedisTopologies.SharedAsync(topology), nameof(Accept_FortyCallbacks_SpreadOverEveryShard_AndEachIsTakenExactlyOnce));
        await using var store = new RedisCallbackStore(connection, new CallbackOptions { StreamShards = 4 });
        var sent = Enumerable.Range(0, 40).Select(_ => Event()).ToList();
        foreach (var callback in sent)
        {
            Assert.Equal(AcceptOutcome.Accepted, await store.AcceptAsync(callback, TimeSpan.FromHours(25)));
        }

        var database = await connection.GetDatabaseAsync();
        for (var shard = 0; shard < 4; shard++)
        {
            Assert.True(await database.StreamLengthAsync(store.Stream(shard)) > 0, $"shard {shard} got no callback of 40");
        }

        var taken = new List<PendingCallback>();
        for (var round = 0; round < 10 && taken.Count < 40; round++)
        {
            taken.AddRange(await store.TakeNewAsync("me", 16));
        }

        Assert.Equal(sent.Select(c => c.Id).Order(), taken.Select(t => t.Event.Id).Order());
        Assert.Empty(await store.TakeNewAsync("me", 16));
        foreach (var one in taken)
        {
            await store.CompleteAsync(one);
        }

        var stats = await store.StatsAsync();
        Assert.Equal((0L, 0L), (stats.Queued, stats.InDelivery));
    }

    [Fact]
    public async Task Cluster_Shards_AreOwnedByMoreThanOnePrimary()
    {
        var cluster = await RedisCluster.SharedAsync();
        await using var connection = Connect(cluster, nameof(Cluster_Shards_AreOwnedByMoreThanOnePrimary));
        await using var store = new RedisCallbackStore(connection, new CallbackOptions { StreamShards = 4 });
        var multiplexer = await connection.GetMultiplexerAsync();

        var owners = Enumerable.Range(0, 4).Select(shard => multiplexer.GetServer(store.Stream(shard)).EndPoint.ToString()).Distinct().Count();

        Assert.True(owners >= 2, $"the 4 shards are all on one primary ({owners})");
    }

    [Theory]
    [MemberData(nameof(RedisTopologies.Both), MemberType = typeof(RedisTopologies))]
    public async Task Upgrade_EventQueuedInThePreShardStream_IsStillTakenAndCompleted(string topology)
    {
        await using var connection = Connect(await RedisTopologies.SharedAsync(topology), nameof(Upgrade_EventQueuedInThePreShardStream_IsStillTakenAndCompleted));
        var old = Event();
        var database = await connection.GetDatabaseAsync();
        // What the gateway wrote before shards: one stream under {callbacks}.
        await database.StreamAddAsync(connection.Key("{callbacks}:stream"), [new("id", old.Id), new("event", old.ToJson())]);
        await using var store = new RedisCallbackStore(connection, new CallbackOptions { StreamShards = 4 });

        var taken = Assert.Single(await store.TakeNewAsync("me", 10));
        Assert.Equal(old.Id, taken.Event.Id);
        await store.CompleteAsync(taken);
        Assert.Equal(0, await database.StreamLengthAsync(connection.Key("{callbacks}:stream")));
    }

    [Fact]
    public async Task Cluster_AcceptedCallback_IsOnTheReplicaWhenTheAnswerComes()
    {
        await using var connection = Connect(await RedisCluster.SharedAsync(), nameof(Cluster_AcceptedCallback_IsOnTheReplicaWhenTheAnswerComes));
        await using var store = new RedisCallbackStore(connection, new CallbackOptions { StreamShards = 4 }); // ReplicaAcks by default
        var database = await connection.GetDatabaseAsync();

        for (var i = 0; i < 20; i++)
        {
            var callback = Event();
            Assert.Equal(AcceptOutcome.Accepted, await store.AcceptAsync(callback, TimeSpan.FromHours(25)));
            var shard = CallbackShards.Of(callback.MchId, callback.Id, 4);
            // Read from the replica at once: WAIT made the answer wait for it.
            var onReplica = await database.StreamRangeAsync(store.Stream(shard), "-", "+", flags: CommandFlags.DemandReplica);
            Assert.Contains(onReplica, e => e["id"] == callback.Id);
        }
    }

    [Fact]
    public async Task Cluster_MoreReplicaAcksThanReplicas_IsUnavailable_AndTheResendIsNotQueuedTwice()
    {
        await using var connection = Connect(await RedisCluster.SharedAsync(), nameof(Cluster_MoreReplicaAcksThanReplicas_IsUnavailable_AndTheResendIsNotQueuedTwice));
        await using var demanding = new RedisCallbackStore(connection, new CallbackOptions { ReplicaAcks = 2, ReplicaAckTimeout = TimeSpan.FromMilliseconds(100) });
        await using var store = new RedisCallbackStore(connection, new CallbackOptions());
        var callback = Event();

        Assert.Equal(AcceptOutcome.Unavailable, await demanding.AcceptAsync(callback, TimeSpan.FromHours(25))); // one replica each: 500
        Assert.Equal(AcceptOutcome.Duplicate, await store.AcceptAsync(callback, TimeSpan.FromHours(25)));    // WeChat Pay's re-send

        Assert.Equal(callback.Id, Assert.Single(await store.TakeNewAsync("me", 10)).Event.Id);
    }

    [Fact]
    public async Task Single_WithoutReplicas_DefaultNeedsNoAck_AndAcceptsAtOnce()
    {
        await using var connection = Connect(await RedisServer.SharedAsync(), nameof(Single_WithoutReplicas_DefaultNeedsNoAck_AndAcceptsAtOnce));
        await using var store = new RedisCallbackStore(connection, new CallbackOptions());
        await using var demanding = new RedisCallbackStore(connection, new CallbackOptions { ReplicaAcks = 1, ReplicaAckTimeout = TimeSpan.FromMilliseconds(50) });

        Assert.Equal(AcceptOutcome.Accepted, await store.AcceptAsync(Event(), TimeSpan.FromHours(25)));
        Assert.Equal(AcceptOutcome.Unavailable, await demanding.AcceptAsync(Event(), TimeSpan.FromHours(25)));
    }
}
