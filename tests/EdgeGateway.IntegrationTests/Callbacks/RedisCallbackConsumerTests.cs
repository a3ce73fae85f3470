using EdgeGateway.Callbacks;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EdgeGateway.IntegrationTests.Callbacks;

/// <summary>The consumer names stopped instances leave in the delivery group, against a real redis-server.</summary>
public sealed class RedisCallbackConsumerTests
{
    [Theory]
    [MemberData(nameof(RedisTopologies.Both), MemberType = typeof(RedisTopologies))]
    public async Task IdleConsumersWithNothingPending_AreForgotten_OnesHoldingEventsAndSelfAreKept(string topology)
    {
        var server = await RedisTopologies.SharedAsync(topology);
        var prefix = RedisServer.NewPrefix(nameof(RedisCallbackConsumerTests));
        await using var connection = new RedisConnection(Options.Create(new RedisOptions
        {
            Configuration = server.Endpoint,
            KeyPrefix = prefix,
            OperationTimeoutMs = 3000, // the script, not the timeout, is under test: a loaded machine must not fail it
        }),
            NullLogger<RedisConnection>.Instance);
        // One shard: consumer names are per stream, and this test counts them in one.
        var store = new RedisCallbackStore(connection, new CallbackOptions { StreamShards = 1 });
        var callbacks = Enumerable.Range(0, 3).Select(_ => new CallbackEvent
        {
            Id = Guid.NewGuid().ToString(), Name = "pay", MchId = "1900000001", EventType = "TRANSACTION.SUCCESS", Plaintext = "{}",
        }).ToList();
        foreach (var one in callbacks)
        {
            Assert.Equal(AcceptOutcome.Accepted, await store.AcceptAsync(one, TimeSpan.FromHours(25)));
        }

        // A stopped instance that finished its work, a crashed one still holding an event, and this one.
        await store.CompleteAsync(Assert.Single(await store.TakeNewAsync("stopped-cleanly", 1)));
        var callback = Assert.Single(await store.TakeNewAsync("crashed-holding-one", 1)).Event;
        await store.CompleteAsync(Assert.Single(await store.TakeNewAsync("me", 1)));
        await Task.Delay(300);

        Assert.Equal(1, await store.RemoveIdleConsumersAsync("me", TimeSpan.FromMilliseconds(100)));

        var database = await connection.GetDatabaseAsync();
        var consumers = await database.StreamConsumerInfoAsync(connection.Key("{callbacks}:stream"), RedisCallbackStore.Group);
        Assert.Equal(["crashed-holding-one", "me"], consumers.Select(c => c.Name).Order());
        // The crashed instance's event is still in the pending list, so it is still claimed and delivered.
        var claimed = await store.ClaimOrphansAsync("me", TimeSpan.FromMilliseconds(100), 10);
        Assert.Equal(callback.Id, Assert.Single(claimed).Event.Id);
        Assert.Equal(0, await store.RemoveIdleConsumersAsync("me", TimeSpan.FromHours(1))); // nobody idle that long
    }
}
