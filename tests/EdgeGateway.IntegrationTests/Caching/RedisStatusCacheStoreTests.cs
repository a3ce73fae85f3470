using EdgeGateway.Caching;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Requests;
using EdgeGateway.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace EdgeGateway.IntegrationTests.Caching;

/// <summary>
/// The Redis store's scripts against a real Redis, once per topology (one redis-server, a cluster): entries, Redis-clock
/// ages and expiry, generations.
/// </summary>
public abstract class RedisStatusCacheStoreTests(string topology) : IAsyncLifetime
{
    private static readonly StatusIdentity Order = new("1900000001", StatusKind.OutTradeNo, "T0001");
    private RedisConnection _redis = null!;
    private RedisStatusCacheStore _store = null!;
    private string _prefix = null!;

    public async Task InitializeAsync()
    {
        var server = await RedisTopologies.SharedAsync(topology);
        _prefix = RedisServer.NewPrefix(nameof(RedisStatusCacheStoreTests));
        _redis = new RedisConnection(Options.Create(new RedisOptions { Configuration = server.Endpoint, KeyPrefix = _prefix }), NullLogger<RedisConnection>.Instance);
        _store = new RedisStatusCacheStore(_redis);
    }

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    private static KeptAnswer Answer(string body) =>
        new(200, [new("Content-Type", "application/json"), new("Wechatpay-Signature", "sig")], System.Text.Encoding.UTF8.GetBytes(body));

    [Fact]
    public async Task Lookup_OfNothing_IsAMissAtGenerationZero()
    {
        var lookup = await _store.LookupAsync(Order, "/q");

        Assert.False(lookup.IsHit);
        Assert.Equal(0, lookup.Generation);
    }

    [Fact]
    public async Task Store_ThenLookup_ReturnsTheSameAnswer_WithItsAge_AndOnlyForThatQuery()
    {
        Assert.Equal(StoreResult.Stored, await _store.StoreAsync(Order, "/q?mchid=1", 0, Answer("{\"trade_state\":\"NOTPAY\"}"), TimeSpan.FromMinutes(1)));
        await Task.Delay(300);

        var hit = await _store.LookupAsync(Order, "/q?mchid=1");
        var other = await _store.LookupAsync(Order, "/q?mchid=1&x=2");

        Assert.True(hit.IsHit);
        Assert.Equal("{\"trade_state\":\"NOTPAY\"}", System.Text.Encoding.UTF8.GetString(hit.Answer!.Body));
        Assert.Equal(["Content-Type", "Wechatpay-Signature"], hit.Answer.Headers.Select(h => h.Key));
        Assert.InRange(hit.Age, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(30));
        Assert.False(other.IsHit);
    }

    [Fact]
    public async Task Entry_ExpiresByRedisClock_AndTheKeyCarriesATtl()
    {
        await _store.StoreAsync(Order, "/q", 0, Answer("{}"), TimeSpan.FromMilliseconds(200));
        var database = await _redis.GetDatabaseAsync();
        var ttl = await database.KeyTimeToLiveAsync(_prefix + "statuscache:" + Order.Key);

        await Task.Delay(400);

        Assert.NotNull(ttl);
        Assert.False((await _store.LookupAsync(Order, "/q")).IsHit);
    }

    [Fact]
    public async Task Invalidate_DropsEveryEntry_AndRefusesAStoreFromBefore()
    {
        var before = await _store.LookupAsync(Order, "/a");
        await _store.StoreAsync(Order, "/a", before.Generation, Answer("{\"a\":1}"), TimeSpan.FromMinutes(1));
        await _store.StoreAsync(Order, "/b", before.Generation, Answer("{\"b\":1}"), TimeSpan.FromMinutes(1));

        await _store.InvalidateAsync(Order, TimeSpan.FromMinutes(2));
        var late = await _store.StoreAsync(Order, "/a", before.Generation, Answer("{\"stale\":1}"), TimeSpan.FromMinutes(1));
        var after = await _store.LookupAsync(Order, "/a");

        Assert.Equal(StoreResult.Invalidated, late);
        Assert.False(after.IsHit);
        Assert.False((await _store.LookupAsync(Order, "/b")).IsHit);
        Assert.Equal(before.Generation + 1, after.Generation);
        Assert.Equal(StoreResult.Stored, await _store.StoreAsync(Order, "/a", after.Generation, Answer("{\"fresh\":1}"), TimeSpan.FromMinutes(1)));
        Assert.True((await _store.LookupAsync(Order, "/a")).IsHit);
    }

    [Fact]
    public async Task UnreadableEntry_IsAMissFlaggedUnreadable_AndIsOverwritten()
    {
        var database = await _redis.GetDatabaseAsync();
        await database.HashSetAsync(_prefix + "statuscache:" + Order.Key, "/q", "1:99999999999999:not-an-answer");

        var lookup = await _store.LookupAsync(Order, "/q");
        await _store.StoreAsync(Order, "/q", lookup.Generation, Answer("{}"), TimeSpan.FromMinutes(1));

        Assert.False(lookup.IsHit);
        Assert.True(lookup.Unreadable);
        Assert.True((await _store.LookupAsync(Order, "/q")).IsHit);
    }

    [Fact]
    public async Task Merchants_HaveSeparateKeys()
    {
        var other = Order with { MchId = "1900000002" };
        await _store.StoreAsync(Order, "/q", 0, Answer("{\"m\":1}"), TimeSpan.FromMinutes(1));

        Assert.False((await _store.LookupAsync(other, "/q")).IsHit);
        await _store.InvalidateAsync(other, TimeSpan.FromMinutes(2));
        Assert.True((await _store.LookupAsync(Order, "/q")).IsHit);
    }
}
