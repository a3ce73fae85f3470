using EdgeGateway.Resilience;
using Microsoft.Extensions.Time.Testing;

namespace EdgeGateway.UnitTests.Resilience;

/// <summary>The arithmetic of the retry budget: a share of requests plus a floor, over a sliding window.</summary>
public sealed class RetryBudgetTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);

    private static (RetryBudget Budget, FakeTimeProvider Time) Budget(double ratio, double minPerSecond, int windowSeconds = 10)
    {
        var time = new FakeTimeProvider(Start);
        return (new RetryBudget(new RetryBudgetSettings(ratio, minPerSecond, TimeSpan.FromSeconds(windowSeconds)), time), time);
    }

    private static int Withdrawals(RetryBudget budget, int tries)
    {
        var granted = 0;
        for (var i = 0; i < tries; i++)
        {
            granted += budget.TryWithdraw() ? 1 : 0;
        }

        return granted;
    }

    [Fact]
    public void TryWithdraw_NoRequestsNoFloor_IsDenied()
    {
        var (budget, _) = Budget(ratio: 0.2, minPerSecond: 0);

        Assert.False(budget.TryWithdraw());
    }

    [Theory]
    [InlineData(0.2, 0, 5, 1)]
    [InlineData(0.2, 0, 10, 2)]
    [InlineData(0.2, 0, 4, 0)]
    [InlineData(0.5, 0, 7, 3)]
    [InlineData(0.2, 1, 10, 12)] // 2 from the share, 10 from 1/s over 10 s
    [InlineData(0, 0.5, 100, 5)]
    [InlineData(1, 0, 3, 3)]
    public void TryWithdraw_AfterRequests_AllowsRatioTimesRequestsPlusFloor(double ratio, double minPerSecond, int requests, int expected)
    {
        var (budget, _) = Budget(ratio, minPerSecond);
        for (var i = 0; i < requests; i++)
        {
            budget.Deposit();
        }

        Assert.Equal(expected, Withdrawals(budget, 1000));
    }

    [Fact]
    public void TryWithdraw_AfterTheWindowPasses_RequestsAndRetriesAgeOut()
    {
        var (budget, time) = Budget(ratio: 0.5, minPerSecond: 0);
        for (var i = 0; i < 10; i++)
        {
            budget.Deposit();
        }

        Assert.Equal(5, Withdrawals(budget, 10));

        time.Advance(TimeSpan.FromSeconds(11));

        Assert.False(budget.TryWithdraw());
        budget.Deposit();
        budget.Deposit();
        Assert.Equal(1, Withdrawals(budget, 10));
    }

    [Fact]
    public void TryWithdraw_HalfAWindowLater_OnlyTheOlderHalfHasAgedOut()
    {
        var (budget, time) = Budget(ratio: 0.5, minPerSecond: 0);
        for (var i = 0; i < 4; i++)
        {
            budget.Deposit();
        }

        time.Advance(TimeSpan.FromSeconds(5));
        for (var i = 0; i < 4; i++)
        {
            budget.Deposit();
        }

        Assert.Equal(4, Withdrawals(budget, 10)); // 0.5 × 8

        time.Advance(TimeSpan.FromSeconds(5)); // the first 4 requests and nothing else leave the window

        Assert.False(budget.TryWithdraw()); // 0.5 × 4 = 2, and the 4 retries are still in it
    }

    [Fact]
    public void TryWithdraw_FloorOnly_RefillsEachWindow()
    {
        var (budget, time) = Budget(ratio: 0, minPerSecond: 0.3);

        Assert.Equal(3, Withdrawals(budget, 10));
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(3, Withdrawals(budget, 10));
    }
}
