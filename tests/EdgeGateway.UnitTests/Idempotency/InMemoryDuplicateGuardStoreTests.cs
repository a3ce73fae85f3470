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

    [Fact]
    public async Task ExpiredAnswersAndLocks_AreDroppedAsTheStoreIsUsed_WithoutWaitingForAFullSweep()
    {
        var store = new InMemoryDuplicateGuardStore(_clock);
        for (var i = 0; i < 100; i++)
        {
            await KeepAnswerAsync(store, $"A{i}", TimeSpan.FromHours(1));
        }

        await store.BeginAsync(Key with { Number = "L1" }, "owner:fp", Ttl); // a lock nobody completes
        Assert.Equal(101, store.Count);

        _clock.Advance(Ttl);
        await store.BeginAsync(Key with { Number = "B1" }, "owner:fp", Ttl);
        Assert.Equal(101, store.Count); // the abandoned lock went, the new one came; the answers stay for their hour

        _clock.Advance(TimeSpan.FromHours(1));
        await store.BeginAsync(Key with { Number = "B2" }, "owner:fp", Ttl);
        Assert.Equal(1, store.Count); // only B2: the answers' hour and B1's lock are over
        Assert.Equal(GuardState.Acquired, (await store.BeginAsync(Key with { Number = "A7" }, "owner2:fp", Ttl)).State);
    }

    [Fact]
    public async Task AnOutOfDateExpiry_DropsNothingThatStillLives()
    {
        var store = new InMemoryDuplicateGuardStore(_clock);
        await store.BeginAsync(Key, "owner1:fp", Ttl);
        await store.ReleaseAsync(Key, "owner1:fp");
        _clock.Advance(Ttl / 2);
        await store.BeginAsync(Key, "owner2:fp-b", Ttl); // locked again: the first lock's time is still queued

        _clock.Advance(Ttl / 2); // the first lock's time comes; the second lock has half its TTL left
        var third = await store.BeginAsync(Key, "owner3:fp", Ttl);

        Assert.Equal(GuardState.InFlight, third.State);
        Assert.Equal("fp-b", third.HolderFingerprint);
        _clock.Advance(Ttl / 2);
        Assert.Equal(GuardState.Acquired, (await store.BeginAsync(Key, "owner3:fp", Ttl)).State);
    }

    [Fact]
    public async Task QueuedExpiries_StayBoundedByWhatIsHeld_UnderSteadyUse()
    {
        var store = new InMemoryDuplicateGuardStore(_clock);
        for (var i = 0; i < 10_000; i++)
        {
            await KeepAnswerAsync(store, $"S{i}", TimeSpan.FromMinutes(5));
            _clock.Advance(TimeSpan.FromMilliseconds(100)); // 10 a second: 3 000 answers live at any time
        }

        Assert.InRange(store.Count, 2_990, 3_010);
        Assert.InRange(store.QueuedExpiries, store.Count, store.Count + 700); // each answer's time, and the locks of the last 60 s
    }

    /// <summary>Locks <paramref name="number"/> and completes it with an answer kept for <paramref name="replayFor"/>.</summary>
    private static async Task KeepAnswerAsync(InMemoryDuplicateGuardStore store, string number, TimeSpan replayFor)
    {
        var key = Key with { Number = number };
        await store.BeginAsync(key, "owner:fp", Ttl);
        await store.CompleteAsync(key, "owner:fp", Answer("fp"), replayFor);
    }
}
