using System.Text;
using EdgeGateway.Caching;
using EdgeGateway.Requests;

namespace EdgeGateway.IntegrationTests.StoreContracts;

/// <summary>
/// What <see cref="IStatusCacheStore"/> promises, whichever store keeps the statuses: an entry per order and exact query,
/// handed back whole with its age until its TTL; one generation per order that invalidation moves on, dropping every
/// entry, so an answer fetched before the invalidation can never be stored after it.
/// </summary>
public abstract class StatusCacheStoreContractTests(string backend) : StoreContractTests(backend)
{
    private static readonly StatusIdentity Order = new("1900000001", StatusKind.OutTradeNo, "T0001");
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(2);
    private IStatusCacheStore _store = null!;

    private protected override void Open(StoreBackend opened) => _store = opened.Redis is { } redis
        ? new RedisStatusCacheStore(redis)
        : new InMemoryStatusCacheStore(opened.Clock, maxEntries: 1000);

    private static KeptAnswer Answer(string body) =>
        new(200, [new("Content-Type", "application/json"), new("Wechatpay-Signature", "c2lnbmF0dXJl")], Encoding.UTF8.GetBytes(body));

    private async Task<string?> BodyAsync(StatusIdentity identity, string variant) =>
        (await _store.LookupAsync(identity, variant)).Answer is { } answer ? Encoding.UTF8.GetString(answer.Body) : null;

    [Fact]
    public void Kind_NamesTheStore()
    {
        Assert.Equal(Backend.IsMemory ? "memory" : "redis", _store.Kind);
    }

    [Fact]
    public async Task Lookup_OfAnUnknownOrder_IsAMissAtGenerationZero()
    {
        var lookup = await _store.LookupAsync(Order, "/v3/pay/transactions/out-trade-no/T0001?mchid=1900000001");

        Assert.Equal((false, 0L, false), (lookup.IsHit, lookup.Generation, lookup.Unreadable));
    }

    [Fact]
    public async Task Stored_IsHandedBackWhole_WithItsAge_OnlyForThatQueryOfThatOrder()
    {
        var answer = Answer("{\"trade_state\":\"NOTPAY\"}");
        Assert.Equal(StoreResult.Stored, await _store.StoreAsync(Order, "/q?mchid=1", 0, answer, Ttl));

        await PassAsync(TimeSpan.FromMilliseconds(300));
        var hit = await _store.LookupAsync(Order, "/q?mchid=1");

        Assert.True(hit.IsHit);
        Assert.Equal(answer.Status, hit.Answer!.Status);
        Assert.Equal(answer.Headers, hit.Answer.Headers);
        Assert.Equal(answer.Body, hit.Answer.Body);
        Assert.Equal(0, hit.Generation);
        Assert.InRange(hit.Age, TimeSpan.FromMilliseconds(299), TimeSpan.FromSeconds(30));
        Assert.Null(await BodyAsync(Order, "/q?mchid=1&x=2"));
        Assert.Null(await BodyAsync(Order with { MchId = "1900000002" }, "/q?mchid=1"));
        Assert.Null(await BodyAsync(Order with { Kind = StatusKind.OutRefundNo }, "/q?mchid=1"));
    }

    [Fact]
    public async Task StoreAgain_ReplacesTheEntry()
    {
        await _store.StoreAsync(Order, "/q", 0, Answer("{\"trade_state\":\"NOTPAY\"}"), Ttl);

        Assert.Equal(StoreResult.Stored, await _store.StoreAsync(Order, "/q", 0, Answer("{\"trade_state\":\"SUCCESS\"}"), Ttl));

        Assert.Equal("{\"trade_state\":\"SUCCESS\"}", await BodyAsync(Order, "/q"));
    }

    [Fact]
    public async Task Entry_ExpiresByItsTtl_EachEntryByItsOwn()
    {
        await _store.StoreAsync(Order, "/short", 0, Answer("{\"s\":1}"), TimeSpan.FromMilliseconds(300));
        await _store.StoreAsync(Order, "/long", 0, Answer("{\"l\":1}"), Ttl);

        await PassAsync(TimeSpan.FromMilliseconds(300));

        Assert.Null(await BodyAsync(Order, "/short"));
        Assert.Equal("{\"l\":1}", await BodyAsync(Order, "/long"));
    }

    [Fact]
    public async Task Invalidate_DropsEveryEntryOfTheOrder_AndMovesItsGenerationOn()
    {
        var other = Order with { Id = "T0002" };
        await _store.StoreAsync(Order, "/a", 0, Answer("{\"a\":1}"), Ttl);
        await _store.StoreAsync(Order, "/b", 0, Answer("{\"b\":1}"), Ttl);
        await _store.StoreAsync(other, "/a", 0, Answer("{\"other\":1}"), Ttl);

        await _store.InvalidateAsync(Order, Retention);
        var after = await _store.LookupAsync(Order, "/a");

        Assert.Equal((false, 1L), (after.IsHit, after.Generation));
        Assert.Null(await BodyAsync(Order, "/b"));
        Assert.Equal("{\"other\":1}", await BodyAsync(other, "/a"));
        Assert.Equal(0, (await _store.LookupAsync(other, "/a")).Generation);
    }

    [Fact]
    public async Task StoreFromBeforeAnInvalidation_IsRefused_AStoreAtTheNewGenerationIsKept()
    {
        var before = await _store.LookupAsync(Order, "/a");
        await _store.InvalidateAsync(Order, Retention); // e.g. a payment callback, before the fetched answer comes back

        var late = await _store.StoreAsync(Order, "/a", before.Generation, Answer("{\"trade_state\":\"NOTPAY\"}"), Ttl);
        var late2 = await _store.StoreAsync(Order, "/b", before.Generation, Answer("{\"trade_state\":\"NOTPAY\"}"), Ttl);
        var fresh = await _store.LookupAsync(Order, "/a");
        var current = await _store.StoreAsync(Order, "/a", fresh.Generation, Answer("{\"trade_state\":\"SUCCESS\"}"), Ttl);

        Assert.Equal((StoreResult.Invalidated, StoreResult.Invalidated), (late, late2));
        Assert.Equal(before.Generation + 1, fresh.Generation);
        Assert.False(fresh.IsHit);
        Assert.Equal(StoreResult.Stored, current);
        Assert.Equal("{\"trade_state\":\"SUCCESS\"}", await BodyAsync(Order, "/a"));
        Assert.Null(await BodyAsync(Order, "/b"));
    }

    [Fact]
    public async Task EveryInvalidation_MovesTheGenerationOn_AndIsRememberedPastTheEntriesTtl()
    {
        await _store.InvalidateAsync(Order, Retention);
        await _store.StoreAsync(Order, "/a", 1, Answer("{}"), TimeSpan.FromMilliseconds(200));
        await _store.InvalidateAsync(Order, Retention);

        await PassAsync(TimeSpan.FromMilliseconds(300));

        var lookup = await _store.LookupAsync(Order, "/a");
        Assert.Equal((false, 2L), (lookup.IsHit, lookup.Generation));
        Assert.Equal(StoreResult.Invalidated, await _store.StoreAsync(Order, "/a", 1, Answer("{}"), Ttl));
    }
}
