using EdgeGateway.Idempotency;

namespace EdgeGateway.IntegrationTests.StoreContracts;

/// <summary>
/// What <see cref="IDuplicateGuardStore"/> promises, whichever store keeps the guard: the first begin of a number takes
/// the lock, a begin while it is held is told who holds it (by fingerprint), completion keeps the answer that a later
/// begin gets back whole, only the owner's token releases a lock, and locks and kept answers expire by their TTLs.
/// Comparing fingerprints is the caller's business; the store hands over the one it holds.
/// </summary>
public abstract class DuplicateGuardStoreContractTests(string backend) : StoreContractTests(backend)
{
    private static readonly GuardKey Key = new("pay-jsapi", "1900000001", "out_trade_no", "T0001");
    private static readonly TimeSpan LockTtl = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);
    private IDuplicateGuardStore _store = null!;

    private protected override void Open(StoreBackend opened) =>
        _store = opened.Redis is { } redis ? new RedisDuplicateGuardStore(redis) : new InMemoryDuplicateGuardStore(opened.Clock);

    private static StoredAnswer Answer(string fingerprint) => new(fingerprint, 200,
        [new("Content-Type", "application/json"), new("Wechatpay-Serial", "PUB_KEY_ID_0114232134912410000000000000")],
        "{\"prepay_id\":\"wx201410272009395522657a690389285100\"}"u8.ToArray(), new DateTimeOffset(2026, 3, 2, 9, 0, 1, 250, TimeSpan.Zero));

    private async Task<GuardState> BeginStateAsync(GuardKey key, string lockValue) => (await _store.BeginAsync(key, lockValue, LockTtl)).State;

    [Fact]
    public async Task FirstBegin_TakesTheLock_ASecondWhileInFlightIsRefusedWithTheHoldersFingerprint()
    {
        var first = await _store.BeginAsync(Key, "owner1:fp-a", LockTtl);
        var sameBody = await _store.BeginAsync(Key, "owner2:fp-a", LockTtl);
        var otherBody = await _store.BeginAsync(Key, "owner3:fp-b", LockTtl);

        Assert.Equal(GuardState.Acquired, first.State);
        Assert.Equal((GuardState.InFlight, "fp-a"), (sameBody.State, sameBody.HolderFingerprint));
        Assert.Equal((GuardState.InFlight, "fp-a"), (otherBody.State, otherBody.HolderFingerprint));
    }

    [Fact]
    public async Task Release_ByAnotherOwner_LeavesTheLock_ByTheOwnerFreesIt()
    {
        await _store.BeginAsync(Key, "owner1:fp", LockTtl);

        Assert.True(await _store.ReleaseAsync(Key, "owner2:fp"));
        Assert.Equal(GuardState.InFlight, await BeginStateAsync(Key, "owner3:fp"));
        Assert.True(await _store.ReleaseAsync(Key, "owner1:fp"));
        Assert.Equal(GuardState.Acquired, await BeginStateAsync(Key, "owner3:fp"));
    }

    [Fact]
    public async Task Complete_KeepsTheAnswer_WhichALaterBeginGetsBackWhole()
    {
        var answer = Answer("fp-a");
        await _store.BeginAsync(Key, "owner1:fp-a", LockTtl);

        Assert.True(await _store.CompleteAsync(Key, "owner1:fp-a", answer, TimeSpan.FromHours(1)));
        var repeat = await _store.BeginAsync(Key, "owner2:fp-a", LockTtl);
        var otherBody = await _store.BeginAsync(Key, "owner3:fp-b", LockTtl);

        Assert.Equal(GuardState.Completed, repeat.State);
        Assert.Equal((answer.Fingerprint, answer.Status, answer.StoredAt), (repeat.Answer!.Fingerprint, repeat.Answer.Status, repeat.Answer.StoredAt));
        Assert.Equal(answer.Headers, repeat.Answer.Headers);
        Assert.Equal(answer.Body, repeat.Answer.Body);
        // A different body meets the same kept answer, whose fingerprint tells the caller it is a mismatch.
        Assert.Equal((GuardState.Completed, "fp-a"), (otherBody.State, otherBody.Answer!.Fingerprint));
    }

    [Fact]
    public async Task Complete_WithNothingToKeep_OnlyReleasesTheLock()
    {
        await _store.BeginAsync(Key, "owner1:fp", LockTtl);

        Assert.True(await _store.CompleteAsync(Key, "owner1:fp", Answer("fp"), TimeSpan.Zero));

        Assert.Equal(GuardState.Acquired, await BeginStateAsync(Key, "owner2:fp"));
    }

    [Fact]
    public async Task Lock_ExpiresByItsTtl_AndItsFormerOwnerCannotReleaseTheNextHolders()
    {
        await _store.BeginAsync(Key, "owner1:fp-a", Short);

        await PassAsync(Short);
        var next = await _store.BeginAsync(Key, "owner2:fp-b", LockTtl);
        Assert.True(await _store.ReleaseAsync(Key, "owner1:fp-a"));
        Assert.True(await _store.CompleteAsync(Key, "owner1:fp-a", Answer("fp-a"), TimeSpan.Zero));
        var third = await _store.BeginAsync(Key, "owner3:fp-c", LockTtl);

        Assert.Equal(GuardState.Acquired, next.State);
        Assert.Equal((GuardState.InFlight, "fp-b"), (third.State, third.HolderFingerprint));
    }

    [Fact]
    public async Task KeptAnswer_ExpiresByItsReplayWindow()
    {
        await _store.BeginAsync(Key, "owner1:fp", LockTtl);
        await _store.CompleteAsync(Key, "owner1:fp", Answer("fp"), Short);
        Assert.Equal(GuardState.Completed, await BeginStateAsync(Key, "owner2:fp"));

        await PassAsync(Short);

        Assert.Equal(GuardState.Acquired, await BeginStateAsync(Key, "owner2:fp"));
    }

    [Fact]
    public async Task Keys_OfOtherRoutesMerchantsSubMerchantsOrNumbers_AreIndependent()
    {
        await _store.BeginAsync(Key, "owner1:fp", LockTtl);
        await _store.CompleteAsync(Key, "owner1:fp", Answer("fp"), TimeSpan.FromHours(1));

        GuardKey[] others = [Key with { RouteId = "pay-close" }, Key with { MchId = "1900000002" }, Key with { SubMchId = "1900000109" }, Key with { Number = "T0002" }];
        foreach (var other in others)
        {
            Assert.Equal(GuardState.Acquired, await BeginStateAsync(other, "owner2:fp"));
        }
    }

    [Fact]
    public async Task ConcurrentBegins_ExactlyOneTakesTheLock()
    {
        var begins = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () => await _store.BeginAsync(Key, $"owner{i}:fp", LockTtl))));

        Assert.Single(begins, b => b.State == GuardState.Acquired);
        Assert.All(begins.Where(b => b.State != GuardState.Acquired), b => Assert.Equal((GuardState.InFlight, "fp"), (b.State, b.HolderFingerprint)));
    }
}
