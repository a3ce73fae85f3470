using EdgeGateway.Idempotency;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EdgeGateway.IntegrationTests.Idempotency;

/// <summary>
/// The Redis store's scripts against a real Redis, once per topology (one redis-server, a cluster): atomic begin,
/// owner-only release, TTLs.
/// </summary>
public abstract class RedisDuplicateGuardStoreTests(string topology) : IAsyncLifetime
{
    private static readonly GuardKey Key = new("pay-jsapi", "1900000001", "out_trade_no", "T0001");
    private RedisConnection _redis = null!;

    public async Task InitializeAsync()
    {
        var server = await RedisTopologies.SharedAsync(topology);
        _redis = new RedisConnection(Options.Create(new RedisOptions
        {
            Configuration = server.Endpoint,
            KeyPrefix = RedisServer.NewPrefix(nameof(RedisDuplicateGuardStoreTests)),
            OperationTimeoutMs = 3000, // these tests check the scripts, not the timeout: a loaded machine must not fail them
        }), NullLogger<RedisConnection>.Instance);
    }

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task Release_ByAnotherOwner_LeavesTheLock_ReleaseByTheOwnerFreesIt()
    {
        var store = new RedisDuplicateGuardStore(_redis);

        Assert.Equal(GuardState.Acquired, (await store.BeginAsync(Key, "owner1:fp-a", TimeSpan.FromSeconds(60))).State);
        Assert.True(await store.ReleaseAsync(Key, "owner2:fp-a"));
        var held = await store.BeginAsync(Key, "owner3:fp-b", TimeSpan.FromSeconds(60));

        Assert.Equal(GuardState.InFlight, held.State);
        Assert.Equal("fp-a", held.HolderFingerprint);
        Assert.True(await store.ReleaseAsync(Key, "owner1:fp-a"));
        Assert.Equal(GuardState.Acquired, (await store.BeginAsync(Key, "owner3:fp-b", TimeSpan.FromSeconds(60))).State);
    }

    [Fact]
    public async Task Lock_CarriesItsTtl_AndExpiresByIt()
    {
        var store = new RedisDuplicateGuardStore(_redis);
        var key = Key with { Number = "T0002" };
        await store.BeginAsync(key, "owner1:fp", TimeSpan.FromSeconds(2));

        var database = await _redis.GetDatabaseAsync();
        var ttl = await database.KeyTimeToLiveAsync(_redis.Key($"dup:{key}:lock"));
        Assert.InRange(ttl ?? TimeSpan.Zero, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(2));
        Assert.Equal(GuardState.InFlight, (await store.BeginAsync(key, "owner2:fp", TimeSpan.FromSeconds(60))).State);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        GuardState state;
        while ((state = (await store.BeginAsync(key, "owner2:fp", TimeSpan.FromSeconds(60))).State) == GuardState.InFlight && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(GuardState.Acquired, state);
    }

    [Fact]
    public async Task Complete_KeepsTheAnswerWithItsTtl_AndReleasesOnlyItsOwnLock()
    {
        var store = new RedisDuplicateGuardStore(_redis);
        var key = Key with { Number = "T0003" };
        await store.BeginAsync(key, "owner1:fp", TimeSpan.FromSeconds(60));
        var answer = new StoredAnswer("fp", 200, [new("Content-Type", "application/json")], "{\"prepay_id\":\"wx1\"}"u8.ToArray(), DateTimeOffset.UnixEpoch);

        Assert.True(await store.CompleteAsync(key, "owner1:fp", answer, TimeSpan.FromHours(1)));

        var database = await _redis.GetDatabaseAsync();
        Assert.False(await database.KeyExistsAsync(_redis.Key($"dup:{key}:lock")));
        Assert.InRange((await database.KeyTimeToLiveAsync(_redis.Key($"dup:{key}:answer")))!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
        var repeat = await store.BeginAsync(key, "owner2:fp", TimeSpan.FromSeconds(60));
        Assert.Equal(GuardState.Completed, repeat.State);
        Assert.Equal(answer.Body, repeat.Answer!.Body);
        Assert.Equal(answer.Headers, repeat.Answer.Headers);
    }

    [Fact]
    public async Task RedisUnreachable_IsAValueNotAnException()
    {
        await using var unreachable = new RedisConnection(Options.Create(new RedisOptions
        {
            Configuration = $"127.0.0.1:{GatewayTestHost.ClosedPort}",
            ConnectTimeoutMs = 200,
        }), NullLogger<RedisConnection>.Instance);
        var store = new RedisDuplicateGuardStore(unreachable);

        var begin = await store.BeginAsync(Key, "owner1:fp", TimeSpan.FromSeconds(60));

        Assert.Equal(GuardState.Unavailable, begin.State);
        Assert.False(await store.ReleaseAsync(Key, "owner1:fp"));
    }
}
