using EdgeGateway.Callbacks;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeGateway.IntegrationTests.StoreContracts;

/// <summary>
/// What <see cref="ICallbackStore"/> promises, whichever store keeps the callbacks: a notification id is accepted once
/// within its dedupe window; an event is always in exactly one place (queued, taken, waiting to retry, dead-lettered)
/// and moves between them whole; a taken event nobody finishes is claimed by another consumer after its idle time;
/// a dead letter replays with a fresh attempt count. Redis runs with the production default of four stream shards, so
/// nothing here relies on an order across shards beyond what the interface states.
/// </summary>
public abstract class CallbackStoreContractTests(string backend) : StoreContractTests(backend)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(25);
    private static readonly DateTimeOffset Due = new(2026, 3, 2, 9, 5, 0, TimeSpan.Zero);
    private ICallbackStore _store = null!;

    private protected override void Open(StoreBackend opened) => _store = opened.Redis is { } redis
        ? opened.Owned(new RedisCallbackStore(redis, new CallbackOptions(), NullLogger<RedisCallbackStore>.Instance))
        : new InMemoryCallbackStore(opened.Clock);

    private static CallbackEvent Event(string id, string mchId = "1900000001") => new()
    {
        Id = id,
        Name = "pay",
        MchId = mchId,
        EventType = "TRANSACTION.SUCCESS",
        CreateTime = "2026-03-02T17:00:00+08:00",
        Summary = "支付成功",
        ResourceType = "encrypt-resource",
        OriginalType = "transaction",
        Plaintext = "{\"out_trade_no\":\"T0001\",\"trade_state\":\"SUCCESS\"}",
        TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        AcceptedAt = 1772442000000,
    };

    /// <summary>Accepts events with the given ids and takes them all for one consumer.</summary>
    private async Task<List<PendingCallback>> AcceptAndTakeAsync(params string[] ids)
    {
        foreach (var id in ids)
        {
            Assert.Equal(AcceptOutcome.Accepted, await _store.AcceptAsync(Event(id), Window));
        }

        var taken = new List<PendingCallback>(await _store.TakeNewAsync("worker", ids.Length));
        Assert.Equal(ids.Order(), taken.Select(t => t.Event.Id).Order());
        return taken;
    }

    private async Task<(long Queued, long InDelivery, long ScheduledRetries, long DeadLetters)> CountsAsync()
    {
        var stats = await _store.StatsAsync();
        Assert.Equal(_store.Kind, stats.Store);
        return (stats.Queued, stats.InDelivery, stats.ScheduledRetries, stats.DeadLetters);
    }

    [Fact]
    public void Kind_NamesTheStore()
    {
        Assert.Equal(Backend.IsMemory ? "memory" : "redis", _store.Kind);
    }

    [Fact]
    public async Task Accepted_IsQueued_ThenTakenOnce_Whole()
    {
        var callback = Event("n-accept");

        Assert.Equal(AcceptOutcome.Accepted, await _store.AcceptAsync(callback, Window));
        Assert.Equal((1L, 0L, 0L, 0L), await CountsAsync());
        var taken = await _store.TakeNewAsync("worker-a", 10);
        var again = await _store.TakeNewAsync("worker-b", 10);

        Assert.Equal(callback, Assert.Single(taken).Event);
        Assert.Empty(again);
        Assert.Equal((0L, 1L, 0L, 0L), await CountsAsync());
    }

    [Fact]
    public async Task SameNotificationId_IsADuplicate_WithinTheWindow_EvenAfterDelivery_PerMerchant()
    {
        var callback = Event("n-dup");
        await _store.AcceptAsync(callback, Window);

        var resent = await _store.AcceptAsync(callback with { Plaintext = "{\"resent\":true}" }, Window);
        var otherMerchant = await _store.AcceptAsync(Event("n-dup", mchId: "1900000002"), Window);
        var taken = await _store.TakeNewAsync("worker", 10);
        foreach (var one in taken)
        {
            await _store.CompleteAsync(one);
        }

        var afterDelivery = await _store.AcceptAsync(callback, Window);

        Assert.Equal((AcceptOutcome.Duplicate, AcceptOutcome.Accepted, AcceptOutcome.Duplicate), (resent, otherMerchant, afterDelivery));
        Assert.Equal(["1900000001", "1900000002"], taken.Select(t => t.Event.MchId).Order());
        Assert.Equal(callback.Plaintext, taken.Single(t => t.Event.MchId == callback.MchId).Event.Plaintext);
        Assert.Equal((0L, 0L, 0L, 0L), await CountsAsync());
    }

    [Fact]
    public async Task AfterTheDedupeWindow_TheSameIdIsAcceptedAgain()
    {
        var window = TimeSpan.FromSeconds(1); // Redis keeps the window in whole seconds
        await _store.AcceptAsync(Event("n-window"), window);

        await PassAsync(window);

        Assert.Equal(AcceptOutcome.Accepted, await _store.AcceptAsync(Event("n-window"), window));
        Assert.Equal((2L, 0L, 0L, 0L), await CountsAsync());
    }

    [Fact]
    public async Task TakeNew_TakesAtMostCount_AndEachEventOnce()
    {
        string[] ids = ["n-1", "n-2", "n-3", "n-4", "n-5"];
        foreach (var id in ids)
        {
            await _store.AcceptAsync(Event(id), Window);
        }

        var first = await _store.TakeNewAsync("worker-a", 2);
        var second = await _store.TakeNewAsync("worker-b", 2);
        var third = await _store.TakeNewAsync("worker-a", 2);

        Assert.Equal((2, 2, 1), (first.Count, second.Count, third.Count));
        Assert.Equal(ids, first.Concat(second).Concat(third).Select(t => t.Event.Id).Order());
        Assert.Equal(5, first.Concat(second).Concat(third).Select(t => t.EntryId).Distinct().Count());
    }

    [Fact]
    public async Task Complete_ForgetsTheEvent_WhichThenCannotBeRescheduledDeadLetteredOrClaimed()
    {
        var taken = Assert.Single(await AcceptAndTakeAsync("n-complete"));

        await _store.CompleteAsync(taken);

        Assert.False(await _store.RescheduleAsync(taken, taken.Event with { Attempts = 1 }, Due));
        Assert.False(await _store.DeadLetterAsync(taken, taken.Event with { Attempts = 1 }));
        Assert.Empty(await _store.ClaimOrphansAsync("other", TimeSpan.Zero, 10));
        Assert.Empty(await _store.ListDeadLettersAsync(10));
        Assert.Equal((0L, 0L, 0L, 0L), await CountsAsync());
    }

    [Fact]
    public async Task Reschedule_KeepsTheUpdatedEvent_UntilItIsDue_ThenItIsQueuedOnceAgain()
    {
        var taken = Assert.Single(await AcceptAndTakeAsync("n-retry"));
        var updated = taken.Event with { Attempts = 1, LastError = "HTTP 503" };

        Assert.True(await _store.RescheduleAsync(taken, updated, Due));
        Assert.False(await _store.RescheduleAsync(taken, updated, Due)); // finished already: not kept twice
        Assert.Equal((0L, 0L, 1L, 0L), await CountsAsync());
        Assert.Empty(await _store.TakeNewAsync("worker", 10));
        Assert.Equal(0, await _store.ReleaseDueRetriesAsync(Due.AddMilliseconds(-1), 10));
        Assert.Equal(1, await _store.ReleaseDueRetriesAsync(Due, 10));
        Assert.Equal(0, await _store.ReleaseDueRetriesAsync(Due, 10));
        Assert.Equal((1L, 0L, 0L, 0L), await CountsAsync());
        var retaken = Assert.Single(await _store.TakeNewAsync("worker", 10));

        Assert.Equal(updated, retaken.Event);
        Assert.NotEqual(taken.EntryId, retaken.EntryId);
    }

    [Fact]
    public async Task ReleaseDueRetries_QueuesAtMostMax()
    {
        foreach (var taken in await AcceptAndTakeAsync("n-r1", "n-r2", "n-r3"))
        {
            await _store.RescheduleAsync(taken, taken.Event with { Attempts = 1 }, Due);
        }

        Assert.Equal(2, await _store.ReleaseDueRetriesAsync(Due.AddMinutes(1), 2));
        Assert.Equal((2L, 0L, 1L, 0L), await CountsAsync());
        Assert.Equal(1, await _store.ReleaseDueRetriesAsync(Due.AddMinutes(1), 2));
        Assert.Equal((3L, 0L, 0L, 0L), await CountsAsync());
    }

    [Fact]
    public async Task DeadLetter_KeepsTheUpdatedEvent_ListedOldestFirst_UpToCount()
    {
        var taken = await AcceptAndTakeAsync("n-d1", "n-d2");
        var updated = taken.Select(t => t.Event with { Attempts = 8, LastError = "HTTP 500", DeadLetteredAt = 1772442300000 }).ToList();

        Assert.True(await _store.DeadLetterAsync(taken[0], updated[0]));
        await PassAsync(TimeSpan.FromMilliseconds(20)); // dead letters are ordered by the millisecond they arrived
        Assert.True(await _store.DeadLetterAsync(taken[1], updated[1]));
        Assert.False(await _store.DeadLetterAsync(taken[1], updated[1])); // finished already: not kept twice

        Assert.Equal(updated, (await _store.ListDeadLettersAsync(10)).Select(l => l.Event));
        Assert.Equal(updated[0], Assert.Single(await _store.ListDeadLettersAsync(1)).Event);
        Assert.Empty(await _store.TakeNewAsync("worker", 10));
        Assert.Equal((0L, 0L, 0L, 2L), await CountsAsync());
    }

    [Fact]
    public async Task Replay_QueuesTheDeadLetterOnceAgain_WithAFreshAttemptCount()
    {
        var taken = Assert.Single(await AcceptAndTakeAsync("n-replay"));
        await _store.DeadLetterAsync(taken, taken.Event with { Attempts = 8, LastError = "HTTP 500", DeadLetteredAt = 1772442300000 });
        var letter = Assert.Single(await _store.ListDeadLettersAsync(10));

        Assert.True(await _store.ReplayAsync(letter.EntryId));
        Assert.False(await _store.ReplayAsync(letter.EntryId));
        Assert.Empty(await _store.ListDeadLettersAsync(10));
        Assert.Equal((1L, 0L, 0L, 0L), await CountsAsync());
        var replayed = Assert.Single(await _store.TakeNewAsync("worker", 10));

        Assert.Equal(Event("n-replay"), replayed.Event); // attempts 0, no last error, no dead-letter time: as accepted
    }

    [Theory]
    [InlineData("0-1")]
    [InlineData("no-such-entry")]
    [InlineData("")]
    public async Task Replay_OfNoSuchDeadLetter_IsFalse(string entryId)
    {
        await AcceptAndTakeAsync("n-other");

        Assert.False(await _store.ReplayAsync(entryId));
        Assert.Equal((0L, 1L, 0L, 0L), await CountsAsync());
    }

    [Fact]
    public async Task ClaimOrphans_TakesOnlyWhatWasTakenLongerAgoThanIdle_AndClaimingRestartsTheClock()
    {
        var idle = TimeSpan.FromMilliseconds(800);
        var crashed = Assert.Single(await AcceptAndTakeAsync("n-orphan"));

        var early = await _store.ClaimOrphansAsync("survivor", TimeSpan.FromMinutes(1), 10);
        await PassAsync(TimeSpan.FromSeconds(1));
        var claimed = await _store.ClaimOrphansAsync("survivor", idle, 10);
        var claimedAgain = await _store.ClaimOrphansAsync("third", idle, 10);

        Assert.Empty(early);
        var orphan = Assert.Single(claimed);
        Assert.Equal((crashed.EntryId, crashed.Event), (orphan.EntryId, orphan.Event));
        Assert.Empty(claimedAgain);
        await _store.CompleteAsync(orphan);
        Assert.Equal((0L, 0L, 0L, 0L), await CountsAsync());
    }

    [Fact]
    public async Task Stats_CountEveryPlaceAnEventCanBe()
    {
        var taken = await AcceptAndTakeAsync("n-s1", "n-s2", "n-s3");
        await _store.AcceptAsync(Event("n-s0"), Window);

        await _store.RescheduleAsync(taken[0], taken[0].Event with { Attempts = 1 }, Due);
        await _store.DeadLetterAsync(taken[1], taken[1].Event with { Attempts = 8 });

        Assert.Equal((1L, 1L, 1L, 1L), await CountsAsync());
    }

    [Fact]
    public async Task RemoveIdleConsumers_NeverLosesAPendingEvent()
    {
        await _store.AcceptAsync(Event("n-stopped"), Window);
        await _store.CompleteAsync(Assert.Single(await _store.TakeNewAsync("stopped", 1)));
        await _store.AcceptAsync(Event("n-crashed"), Window);
        var held = Assert.Single(await _store.TakeNewAsync("crashed", 1));

        await PassAsync(TimeSpan.FromMilliseconds(300));
        var removed = await _store.RemoveIdleConsumersAsync("me", TimeSpan.FromMilliseconds(100));
        var claimed = await _store.ClaimOrphansAsync("me", TimeSpan.FromMilliseconds(100), 10);

        // Redis forgets the stopped consumer (once per shard it read); memory has one consumer, itself, and forgets none.
        Assert.True(Backend.IsMemory ? removed == 0 : removed >= 1, $"removed {removed} consumers");
        Assert.Equal(held.Event, Assert.Single(claimed).Event);
    }
}
