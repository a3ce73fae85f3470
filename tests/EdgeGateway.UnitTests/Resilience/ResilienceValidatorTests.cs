using EdgeGateway.Configuration;
using EdgeGateway.Resilience;
using Yarp.ReverseProxy.Configuration;

namespace EdgeGateway.UnitTests.Resilience;

/// <summary>Each rule of the resilience policies, with its message asserted word for word.</summary>
public sealed class ResilienceValidatorTests
{
    private static GatewayConfigValidationContext Context(PolicyCatalog? policies = null, params RouteConfig[] routes) => new()
    {
        Policies = policies ?? new PolicyCatalog(),
        Routes = routes,
        Clusters = [],
    };

    private static RouteConfig Route(string id, string[]? methods, Dictionary<string, string>? metadata = null, TimeSpan? timeout = null) => new()
    {
        RouteId = id,
        ClusterId = "wechatpay",
        Match = new RouteMatch { Path = "/v3/x", Methods = methods },
        Metadata = metadata,
        Timeout = timeout,
    };

    [Fact]
    public void CircuitBreakerPolicy_Defaults_AreValid()
    {
        var context = Context(new PolicyCatalog { CircuitBreakers = { ["wechatpay"] = new CircuitBreakerPolicy() } });

        new CircuitBreakerPolicyValidator().Validate(context);

        Assert.Empty(context.Problems);
    }

    [Fact]
    public void CircuitBreakerPolicy_ValuesPollyRefuses_ReportsEachWithWhatToWrite()
    {
        var context = Context(new PolicyCatalog
        {
            CircuitBreakers =
            {
                ["bad"] = new CircuitBreakerPolicy
                {
                    FailureRatio = 1.5,
                    SamplingDuration = TimeSpan.FromMilliseconds(100),
                    MinimumThroughput = 1,
                    BreakDuration = TimeSpan.FromDays(2),
                },
            },
        });

        new CircuitBreakerPolicyValidator().Validate(context);

        Assert.Equal(
        [
            "config/policies.json: Policies.CircuitBreakers.bad: FailureRatio is 1.5; it must be greater than 0 and at most 1 (0.5 opens the breaker when half the calls fail).",
            "config/policies.json: Policies.CircuitBreakers.bad: SamplingDuration is 00:00:00.1000000; it must be between 00:00:00.5 and 1.00:00:00 (e.g. \"00:00:10\").",
            "config/policies.json: Policies.CircuitBreakers.bad: MinimumThroughput is 1; it must be at least 2 calls in the sampling window.",
            "config/policies.json: Policies.CircuitBreakers.bad: BreakDuration is 2.00:00:00; it must be between 00:00:00.5 and 1.00:00:00 (e.g. \"00:00:30\").",
        ], context.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void RetryPolicy_OutOfBounds_ReportsEachWithWhatToWrite()
    {
        var context = Context(new PolicyCatalog
        {
            Retries =
            {
                ["queries"] = new RetryPolicy { MaxRetries = 11, BaseDelay = TimeSpan.FromSeconds(3), MaxDelay = TimeSpan.FromMinutes(2) },
                ["ok"] = new RetryPolicy(),
            },
        });

        new RetryPolicyValidator().Validate(context);

        Assert.Equal(
        [
            "config/policies.json: Policies.Retries.queries: MaxRetries is 11; it must be between 0 (no retry) and 10.",
            "config/policies.json: Policies.Retries.queries: MaxDelay is 00:02:00; it must be positive and at most 00:01:00, since every retry happens inside the route timeout.",
        ], context.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void RetryPolicy_BaseDelayAboveMaxDelay_IsReported()
    {
        var context = Context(new PolicyCatalog
        {
            Retries = { ["queries"] = new RetryPolicy { BaseDelay = TimeSpan.FromSeconds(3), MaxDelay = TimeSpan.FromSeconds(2) } },
        });

        new RetryPolicyValidator().Validate(context);

        Assert.Equal("config/policies.json: Policies.Retries.queries: BaseDelay is 00:00:03; it must be between 00:00:00 and MaxDelay (00:00:02).",
            Assert.Single(context.Problems).ToString());
    }

    [Theory]
    [InlineData(new[] { "POST" }, "POST")]
    [InlineData(new[] { "GET", "POST" }, "GET, POST")]
    [InlineData(null, "every method")]
    public void Retry_OnRouteMatchingMoreThanGet_IsReported(string[]? methods, string matched)
    {
        var context = Context(routes: Route("pay-jsapi", methods, new() { [RouteMetadataKeys.Retry] = "queries" }));

        new RetryOnlyOnQueriesValidator().Validate(context);

        Assert.Equal(
            $"config/routes.json: route 'pay-jsapi': Metadata.Retry names 'queries' but the route matches {matched}; only queries may be retried, so set Match.Methods to [\"GET\"] or remove Metadata.Retry.",
            Assert.Single(context.Problems).ToString());
    }

    [Fact]
    public void Retry_OnGetRoute_IsAccepted()
    {
        var context = Context(routes: Route("refund-query", ["GET"], new() { [RouteMetadataKeys.Retry] = "queries" }));

        new RetryOnlyOnQueriesValidator().Validate(context);

        Assert.Empty(context.Problems);
    }
}
