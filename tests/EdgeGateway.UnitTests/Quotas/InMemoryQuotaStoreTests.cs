using EdgeGateway.Quotas;
using Microsoft.Extensions.Time.Testing;

namespace EdgeGateway.UnitTests.Quotas;

/// <summary>The GCRA as the in-memory store runs it (the Redis script mirrors it step for step).</summary>
public sealed class InMemoryQuotaStoreTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Decide_BurstOfLimit_AdmitsExactlyLimitThenRefusesWithRetryAfterOfOneInterval()
    {
        var store = new InMemoryQuotaStore(_time);
        var request = new QuotaRequest("k", [new GcraWindow(10, 60)]);

        var decisions = Enumerable.Range(0, 11).Select(_ => store.Decide(request)).ToList();

        Assert.Equal(10, decisions.Count(d => d.Allowed));
        Assert.Equal([9L, 8, 7, 6, 5, 4, 3, 2, 1, 0], decisions.Take(10).Select(d => d.Windows[0].Remaining));
        var refused = decisions[10];
        Assert.False(refused.Allowed);
        Assert.Equal(6000, refused.RetryAfterMs);
        Assert.Equal(0, refused.Windows[0].Remaining);
        Assert.Equal(60000, refused.Windows[0].ResetMs);
    }

    [Fact]
    public void Decide_AfterOneInterval_AdmitsOneMore()
    {
        var store = new InMemoryQuotaStore(_time);
        var request = new QuotaRequest("k", [new GcraWindow(10, 60)]);
        for (var i = 0; i < 10; i++)
        {
            store.Decide(request);
        }

        _time.Advance(TimeSpan.FromSeconds(5.999));
        Assert.False(store.Decide(request).Allowed);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(store.Decide(request).Allowed);
        Assert.False(store.Decide(request).Allowed);
    }

    [Fact]
    public void Decide_SeveralWindows_RefusalByOneConsumesFromNone()
    {
        var store = new InMemoryQuotaStore(_time);
        var request = new QuotaRequest("k", [new GcraWindow(2, 1), new GcraWindow(3, 3600)]);

        Assert.True(store.Decide(request).Allowed);
        Assert.True(store.Decide(request).Allowed);
        var perSecond = store.Decide(request);
        Assert.False(perSecond.Allowed);
        Assert.Equal(1, perSecond.Windows[1].Remaining); // the hourly window was not charged for the refusal

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(store.Decide(request).Allowed);
        var hourly = store.Decide(request);
        Assert.False(hourly.Allowed);
        Assert.Equal(1, hourly.Windows[0].Remaining);
        Assert.Equal(1200_000 - 1000, hourly.RetryAfterMs);
    }

    [Fact]
    public void Decide_DifferentKeys_AreIndependent()
    {
        var store = new InMemoryQuotaStore(_time);
        var alice = new QuotaRequest(QuotaKeys.For("q", "svc", "alice"), [new GcraWindow(1, 60)]);
        var bob = new QuotaRequest(QuotaKeys.For("q", "svc", "bob"), [new GcraWindow(1, 60)]);

        Assert.True(store.Decide(alice).Allowed);
        Assert.False(store.Decide(alice).Allowed);
        Assert.True(store.Decide(bob).Allowed);
    }

    [Fact]
    public void Share_DividesTheLimitByInstances_NeverBelowOne()
    {
        Assert.Equal(250, new GcraWindow(1000, 60).Share(4).Limit);
        Assert.Equal(1, new GcraWindow(3, 60).Share(4).Limit);
        Assert.Equal(60, new GcraWindow(3, 60).Share(4).PeriodSeconds);
    }
}
