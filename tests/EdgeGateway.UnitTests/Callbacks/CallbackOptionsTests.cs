using EdgeGateway.Callbacks;

namespace EdgeGateway.UnitTests.Callbacks;

public sealed class CallbackOptionsTests
{
    [Fact]
    public void Validate_Defaults_HaveNoProblem() => Assert.Empty(new CallbackOptions().Validate());

    [Fact]
    public void Validate_OrphanClaimNotLongerThanDeliveryTimeout_SaysWhy()
    {
        var options = new CallbackOptions { DeliveryTimeout = TimeSpan.FromSeconds(30), OrphanClaimAfter = TimeSpan.FromSeconds(30) };

        Assert.Equal(["EdgeGateway:Callbacks:OrphanClaimAfter (00:00:30) must be longer than DeliveryTimeout (00:00:30), or live deliveries would be claimed twice."],
            options.Validate());
    }

    [Fact]
    public void Validate_IngressTimeoutBeyondWeChatPaysBudget_SaysWhy()
    {
        var options = new CallbackOptions { IngressTimeout = TimeSpan.FromSeconds(6) };

        Assert.Equal(["EdgeGateway:Callbacks:IngressTimeout is 00:00:06; use 00:00:01 to 00:00:05 (WeChat Pay waits 5 seconds for the answer)."],
            options.Validate());
    }

    [Fact]
    public void Validate_DedupeWindowShorterThanWeChatPaysRetries_SaysWhy()
    {
        Assert.Equal(["EdgeGateway:Callbacks:DedupeWindow is 1.00:00:00; use at least 25:00:00 (WeChat Pay re-sends a notification for about 24 hours)."],
            new CallbackOptions { DedupeWindow = TimeSpan.FromHours(24) }.Validate());
    }

    [Fact]
    public void Validate_SeveralProblems_AreAllListed()
    {
        var options = new CallbackOptions { MaxAttempts = 0, Concurrency = 0, BackoffJitter = 2 };

        Assert.Equal(3, options.Validate().Count);
    }
}
