using EdgeGateway.Idempotency;
using Microsoft.Extensions.Time.Testing;

namespace EdgeGateway.UnitTests.Idempotency;

/// <summary>The in-memory store keeps the Redis store's rules: owner-only release, expiries by the clock.</summary>
public sealed class InMemoryDuplicateGuardStoreTests
{
    private static readonly GuardKey Key = new("pay-jsapi", "1900000001", "out_trade_no", "T0001");
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(60);
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2024-05-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    private static StoredAnswer Answer(string fingerprint) =>
        new(fingerprint, 200, [new("Content-Type", "application/json")], "{\"prepay_id\":\"wx1\"}"u8.ToArray(), DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task Begin_WhileLocked_ReportsInFlightWithTheHoldersFingerprint()
    {
        var store = new InMemoryDuplicateGuardStore(_clock);

        Assert.Equal(GuardState.Acquired, (await store.BeginAsync(Key, "owner1:fp-a", Ttl)).State);
        var second = await store.BeginAsync(Key, "owner2:fp-b", Ttl);

        Assert.Equal(GuardState.InFlight, second.State);
        Assert.Equal("fp-a", second.HolderFingerprint);
    }

    [Fact]
    public async Task Release_ByAnotherOwner_LeavesTheLock()
    {
        var store = new InMemoryDuplicateGuardStore(_clock);
        await store.BeginAsync(Key, "owner1:fp", Ttl);

        await store.ReleaseAsync(Key, "owner2:fp");

        Assert.Equal(GuardState.InFlight, (await store.BeginAsync(Key, "owner3:fp", Ttl)).State);
        await store.ReleaseAsync(Key, "owner1:fp");
        Assert.Equal(GuardState.Acquired, (await store.BeginAsync(Key, "owner3:fp", Ttl)).State);
    }

    [Fact]
    public async Task Lock_ExpiresAfterItsTtl()
    {
        var store = new InMemoryDuplicateGuardStore(_clock);
        await store.BeginAsync(Key, "owner1:fp", Ttl);

        _clock.Advance(Ttl - TimeSpan.FromMilliseconds(1));
        Assert.Equal(GuardState.InFlight, (await store.BeginAsync(Key, "owner2:fp", Ttl)).State);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(GuardState.Acquired, (await store.BeginAsync(Key, "owner2:fp", Ttl)).State);
    }

    [Fact]
    public async Task Complete_KeepsTheAnswerForReplayFor_ThenForgetsIt()
    {
        var store = new InMemoryDuplicateGuardStore(_clock);
        await store.BeginAsync(Key, "owner1:fp", Ttl);

        await store.CompleteAsync(Key, "owner1:fp", Answer("fp"), TimeSpan.FromHours(1));

        var repeat = await store.BeginAsync(Key, "owner2:fp", Ttl);
        Assert.Equal(GuardState.Completed, repeat.State);
        Assert.Equal("fp", repeat.Answer!.Fingerprint);
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(GuardState.Acquired, (await store.BeginAsync(Key, "owner2:fp", Ttl)).State);
    }

    [Fact]
    public async Task Complete_WithZeroReplayFor_OnlyReleases()
    {
        var store = new InMemoryDuplicateGuardStore(_clock);
        await store.BeginAsync(Key, "owner1:fp", Ttl);

        await store.CompleteAsync(Key, "owner1:fp", Answer("fp"), TimeSpan.Zero);

        Assert.Equal(GuardState.Acquired, (await store.BeginAsync(Key, "owner2:fp", Ttl)).State);
    }

    [Fact]
    public async Task Keys_OfOtherRoutesMerchantsOrNumbers_AreIndependent()
    {
        var store = new InMemoryDuplicateGuardStore(_clock);
        await store.BeginAsync(Key, "owner1:fp", Ttl);

        Assert.Equal(GuardState.Acquired, (await store.BeginAsync(Key with { RouteId = "pay-close" }, "o:fp", Ttl)).State);
        Assert.Equal(GuardState.Acquired, (await store.BeginAsync(Key with { MchId = "1900000002" }, "o:fp", Ttl)).State);
        Assert.Equal(GuardState.Acquired, (await store.BeginAsync(Key with { Number = "T0002" }, "o:fp", Ttl)).State);
    }
}
