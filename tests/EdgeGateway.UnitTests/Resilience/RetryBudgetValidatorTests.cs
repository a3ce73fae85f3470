using EdgeGateway.Configuration;
using EdgeGateway.Resilience;

namespace EdgeGateway.UnitTests.Resilience;

/// <summary>The rules of the retry budget and the consecutive-failure breaker, messages asserted word for word.</summary>
public sealed class RetryBudgetValidatorTests
{
    private static GatewayConfigValidationContext Context(PolicyCatalog policies) => new() { Policies = policies, Routes = [], Clusters = [] };

    [Fact]
    public void RetryBudget_Defaults_AreValid()
    {
        var context = Context(new PolicyCatalog { Retries = { ["queries"] = new RetryPolicy() } });

        new RetryBudgetValidator().Validate(context);

        Assert.Empty(context.Problems);
    }

    [Fact]
    public void RetryBudget_OutOfRange_ReportsEachWithWhatToWrite()
    {
        var context = Context(new PolicyCatalog
        {
            Retries =
            {
                ["bad"] = new RetryPolicy { Budget = new RetryBudgetPolicy { RetryRatio = 1.5, MinRetriesPerSecond = -1, Window = TimeSpan.FromMinutes(6) } },
                ["none"] = new RetryPolicy { Budget = null! },
            },
        });

        new RetryBudgetValidator().Validate(context);

        Assert.Equal(
        [
            "config/policies.json: Policies.Retries.bad: Budget.RetryRatio is 1.5; it must be between 0 and 1 (0.2 lets retries add at most 20 % to the requests).",
            "config/policies.json: Policies.Retries.bad: Budget.MinRetriesPerSecond is -1; it must be between 0 and 1000 retries a second.",
            "config/policies.json: Policies.Retries.bad: Budget.Window is 00:06:00; it must be between 00:00:01 and 00:05:00 (e.g. \"00:00:10\").",
            "config/policies.json: Policies.Retries.none: Budget is null; leave it out for the defaults, or give RetryRatio, MinRetriesPerSecond and Window.",
        ], context.Problems.Select(p => p.ToString()));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1001)]
    public void CircuitBreakerPolicy_ConsecutiveFailuresOutOfRange_IsReported(int consecutive)
    {
        var context = Context(new PolicyCatalog { CircuitBreakers = { ["b"] = new CircuitBreakerPolicy { ConsecutiveFailures = consecutive } } });

        new CircuitBreakerPolicyValidator().Validate(context);

        Assert.Equal(
            [$"config/policies.json: Policies.CircuitBreakers.b: ConsecutiveFailures is {consecutive}; it must be between 0 (off) and 1000 failed calls in a row."],
            context.Problems.Select(p => p.ToString()));
    }
}
