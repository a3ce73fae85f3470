using EdgeGateway.Caching;
using EdgeGateway.Requests;
using Microsoft.Extensions.Time.Testing;

namespace EdgeGateway.UnitTests.Caching;

public sealed class InMemoryStatusCacheStoreTests
{
    private static readonly StatusIdentity Order = new("1900000001", StatusKind.OutTradeNo, "T1");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-27T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    private static KeptAnswer Answer(string body) => new(200, [], System.Text.Encoding.UTF8.GetBytes(body));

    [Fact]
    public async Task Entry_HasAnAge_AndExpiresAfterItsTtl()
    {
        var store = new InMemoryStatusCacheStore(_time, 100);
        await store.StoreAsync(Order, "/q", 0, Answer("{}"), TimeSpan.FromSeconds(1));

        _time.Advance(TimeSpan.FromMilliseconds(700));
        var young = await store.LookupAsync(Order, "/q");
        _time.Advance(TimeSpan.FromMilliseconds(300));
        var expired = await store.LookupAsync(Order, "/q");

        Assert.True(young.IsHit);
        Assert.Equal(TimeSpan.FromMilliseconds(700), young.Age);
        Assert.False(expired.IsHit);
    }

    [Fact]
    public async Task Invalidate_DropsEveryEntry_AndRefusesAStoreFromBefore()
    {
        var store = new InMemoryStatusCacheStore(_time, 100);
        var before = await store.LookupAsync(Order, "/a");
        await store.StoreAsync(Order, "/a", before.Generation, Answer("{}"), TimeSpan.FromMinutes(1));
        await store.StoreAsync(Order, "/b", before.Generation, Answer("{}"), TimeSpan.FromMinutes(1));

        await store.InvalidateAsync(Order, TimeSpan.FromMinutes(2));

        Assert.Equal(StoreResult.Invalidated, await store.StoreAsync(Order, "/a", before.Generation, Answer("{\"stale\":1}"), TimeSpan.FromMinutes(1)));
        var after = await store.LookupAsync(Order, "/a");
        Assert.False(after.IsHit);
        Assert.False((await store.LookupAsync(Order, "/b")).IsHit);
        Assert.Equal(1, after.Generation);
        Assert.Equal(StoreResult.Stored, await store.StoreAsync(Order, "/a", after.Generation, Answer("{}"), TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task InvalidationOfAnUnknownOrder_StillRefusesAStoreThatLookedBefore()
    {
        var store = new InMemoryStatusCacheStore(_time, 100);
        var before = await store.LookupAsync(Order, "/a");

        await store.InvalidateAsync(Order, TimeSpan.FromMinutes(2));

        Assert.Equal(StoreResult.Invalidated, await store.StoreAsync(Order, "/a", before.Generation, Answer("{}"), TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task Full_RefusesNewOrders_UntilExpiredOnesAreSwept()
    {
        var store = new InMemoryStatusCacheStore(_time, 100);
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(StoreResult.Stored, await store.StoreAsync(Order with { Id = "T" + i }, "/q", 0, Answer("{}"), TimeSpan.FromSeconds(1)));
        }

        Assert.Equal(StoreResult.Full, await store.StoreAsync(Order with { Id = "T-new" }, "/q", 0, Answer("{}"), TimeSpan.FromSeconds(1)));
        Assert.Equal(StoreResult.Stored, await store.StoreAsync(Order with { Id = "T5" }, "/other", 0, Answer("{}"), TimeSpan.FromSeconds(1)));

        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(StoreResult.Stored, await store.StoreAsync(Order with { Id = "T-new" }, "/q", 0, Answer("{}"), TimeSpan.FromSeconds(1)));
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public async Task Invalidation_IsRememberedForItsRetention_ThenSwept()
    {
        var store = new InMemoryStatusCacheStore(_time, 100);
        await store.InvalidateAsync(Order, TimeSpan.FromMinutes(2));
        Assert.Equal(1, (await store.LookupAsync(Order, "/q")).Generation);

        _time.Advance(TimeSpan.FromMinutes(3));
        for (var i = 0; i < 1024; i++)
        {
            await store.StoreAsync(Order with { Id = "S" + i }, "/q", 0, Answer("{}"), TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(0, (await store.LookupAsync(Order, "/q")).Generation);
    }
}
