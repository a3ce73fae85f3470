using EdgeGateway.Quotas;
using Microsoft.Extensions.Options;

namespace EdgeGateway.IntegrationTests.StoreContracts;

/// <summary>
/// What <see cref="IQuotaStore"/> promises, whichever store keeps the quota: a window admits up to its limit at once and
/// then one request per interval; a refusal says when to retry and consumes nothing; every window of a request must
/// admit it, atomically. On Redis time passes by Redis's clock, so its answers may be a few milliseconds fresher than
/// the in-memory twin's frozen clock: the ranges below allow that and nothing more.
/// </summary>
public abstract class QuotaStoreContractTests(string backend) : StoreContractTests(backend)
{
    private IQuotaStore _store = null!;

    private protected override void Open(StoreBackend opened) => _store = opened.Redis is { } redis
        ? opened.Owned(new RedisQuotaStore(redis, Options.Create(new QuotaOptions())))
        : new InMemoryQuotaStore(opened.Clock);

    private static QuotaRequest Request(string user, params GcraWindow[] windows) => new(QuotaKeys.For("contract", "svc", user), windows);

    private async Task<List<QuotaDecision>> DecideAsync(QuotaRequest request, int times)
    {
        var decisions = new List<QuotaDecision>();
        for (var i = 0; i < times; i++)
        {
            decisions.Add(await _store.DecideAsync(request));
        }

        return decisions;
    }

    [Fact]
    public async Task Burst_IsAdmittedUpToTheLimit_ThenRefusedWithARetryAfterOfOneInterval()
    {
        var request = Request("burst", new GcraWindow(3, 60)); // one request every 20 s, three at once

        var decisions = await DecideAsync(request, 4);

        Assert.Equal([true, true, true, false], decisions.Select(d => d.Allowed));
        Assert.Equal([2L, 1, 0, 0], decisions.Select(d => d.Windows[0].Remaining));
        Assert.InRange(decisions[3].RetryAfterMs, 15_000, 20_000);
        Assert.InRange(decisions[3].Windows[0].ResetMs, 55_000, 60_000);
    }

    [Fact]
    public async Task Refusal_ConsumesNothing_FromAnyWindow()
    {
        var minute = new GcraWindow(1, 60);
        var hour = new GcraWindow(5, 3600);
        var both = Request("windows", minute, hour);

        var admitted = await _store.DecideAsync(both);
        var refused = await _store.DecideAsync(both);
        var refusedAgain = await _store.DecideAsync(both);
        var hourAlone = await _store.DecideAsync(both with { Windows = [hour] });

        Assert.True(admitted.Allowed);
        Assert.Equal([0L, 4], admitted.Windows.Select(w => w.Remaining));
        Assert.False(refused.Allowed);
        Assert.Equal([0L, 4], refused.Windows.Select(w => w.Remaining)); // the hour was not charged for the refusal
        Assert.InRange(refused.RetryAfterMs, 55_000, 60_000);
        Assert.False(refusedAgain.Allowed);
        Assert.InRange(refusedAgain.RetryAfterMs, 55_000, refused.RetryAfterMs); // nor did the refusal push the minute out
        Assert.True(hourAlone.Allowed);
        Assert.Equal(3, hourAlone.Windows[0].Remaining); // the hour was charged once: for the one admission
    }

    [Fact]
    public async Task AfterTheRetryAfter_TheRefusedRequestIsAdmitted()
    {
        var request = Request("retry", new GcraWindow(2, 1)); // one every 500 ms, two at once
        await DecideAsync(request, 2);
        var refused = await _store.DecideAsync(request);

        await PassAsync(TimeSpan.FromMilliseconds(refused.RetryAfterMs));
        var retried = await _store.DecideAsync(request);

        Assert.False(refused.Allowed);
        Assert.InRange(refused.RetryAfterMs, 1, 500);
        Assert.True(retried.Allowed);
    }

    [Fact]
    public async Task AfterAWholePeriod_TheWindowIsFullAgain()
    {
        var request = Request("refill", new GcraWindow(2, 1));
        await DecideAsync(request, 2);

        await PassAsync(TimeSpan.FromSeconds(1));
        var afterwards = await DecideAsync(request, 3);

        Assert.Equal([true, true, false], afterwards.Select(d => d.Allowed));
        Assert.Equal(1, afterwards[0].Windows[0].Remaining);
    }

    [Fact]
    public async Task Keys_AreIndependent_AndAChangedPeriodStartsAfresh()
    {
        var alice = Request("alice", new GcraWindow(1, 60));
        await _store.DecideAsync(alice);

        Assert.False((await _store.DecideAsync(alice)).Allowed);
        Assert.True((await _store.DecideAsync(Request("bob", new GcraWindow(1, 60)))).Allowed);
        Assert.True((await _store.DecideAsync(new QuotaRequest(QuotaKeys.For("contract", "other-caller", "alice"), alice.Windows))).Allowed);
        Assert.True((await _store.DecideAsync(alice with { Windows = [new GcraWindow(1, 120)] })).Allowed);
    }

    [Fact]
    public async Task ConcurrentDecisions_AdmitExactlyTheLimit()
    {
        var request = Request("concurrent", new GcraWindow(5, 60));

        var decisions = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => _store.DecideAsync(request))));

        Assert.Equal(5, decisions.Count(d => d.Allowed));
        Assert.All(decisions.Where(d => !d.Allowed), d => Assert.InRange(d.RetryAfterMs, 1, 12_000));
    }
}
