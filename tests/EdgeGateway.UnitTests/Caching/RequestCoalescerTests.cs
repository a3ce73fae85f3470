using EdgeGateway.Caching;
using EdgeGateway.Requests;

namespace EdgeGateway.UnitTests.Caching;

public sealed class RequestCoalescerTests
{
    private static readonly string Key = RequestCoalescer.FlightKey("1900000001", "pay-query-by-out-trade-no", "/v3/pay/transactions/out-trade-no/T1?mchid=1900000001");

    [Fact]
    public async Task FirstLeads_OthersFollow_AndAllGetTheOutcome()
    {
        var coalescer = new RequestCoalescer();
        var (flight, leads) = coalescer.JoinOrLead(Key, "1900000001:otn:T1");
        var (same, follows) = coalescer.JoinOrLead(Key, "1900000001:otn:T1");
        var waiting = coalescer.FollowAsync(same, CancellationToken.None);

        Assert.True(leads);
        Assert.False(follows);
        Assert.Same(flight, same);
        Assert.Equal(1, coalescer.Waiting);
        var outcome = FlightOutcome.Of(new KeptAnswer(200, [], [1]));
        flight.Complete(outcome);
        Assert.Same(outcome, await waiting);
        Assert.Equal(0, coalescer.Waiting);
    }

    [Fact]
    public void DifferentQueries_FlySeparately()
    {
        var coalescer = new RequestCoalescer();

        Assert.True(coalescer.JoinOrLead(Key, null).Leads);
        Assert.True(coalescer.JoinOrLead(RequestCoalescer.FlightKey("1900000002", "pay-query-by-out-trade-no", "/v3/pay/transactions/out-trade-no/T1?mchid=1900000001"), null).Leads);
        Assert.True(coalescer.JoinOrLead(Key + "&x=1", null).Leads);
        Assert.Equal(3, coalescer.InFlight);
    }

    [Fact]
    public async Task CancelledFollower_LeavesAlone()
    {
        var coalescer = new RequestCoalescer();
        var (flight, _) = coalescer.JoinOrLead(Key, null);
        using var cancel = new CancellationTokenSource();
        var leaving = coalescer.FollowAsync(flight, cancel.Token);
        var staying = coalescer.FollowAsync(flight, CancellationToken.None);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaving);
        Assert.False(staying.IsCompleted);
        flight.Complete(FlightOutcome.Abandoned);
        Assert.Equal(FlightOutcomeKind.Abandoned, (await staying).Kind);
    }

    [Fact]
    public void Remove_OnlyRemovesThatFlight()
    {
        var coalescer = new RequestCoalescer();
        var (old, _) = coalescer.JoinOrLead(Key, null);
        coalescer.Remove(Key, old);
        var (current, leads) = coalescer.JoinOrLead(Key, null);

        coalescer.Remove(Key, old); // late removal of the finished flight

        Assert.True(leads);
        Assert.False(coalescer.JoinOrLead(Key, null).Leads);
        Assert.Same(current, coalescer.JoinOrLead(Key, null).Flight);
    }

    [Fact]
    public void Detach_TakesOutEveryFlightOfTheOrder_SoLaterRequestsLeadAfresh()
    {
        var coalescer = new RequestCoalescer();
        coalescer.JoinOrLead(Key, "1900000001:otn:T1");
        coalescer.JoinOrLead(Key + "&other=1", "1900000001:otn:T1");
        coalescer.JoinOrLead("another", "1900000001:otn:T2");

        coalescer.Detach("1900000001:otn:T1");

        Assert.Equal(1, coalescer.InFlight);
        Assert.True(coalescer.JoinOrLead(Key, "1900000001:otn:T1").Leads);
    }
}
