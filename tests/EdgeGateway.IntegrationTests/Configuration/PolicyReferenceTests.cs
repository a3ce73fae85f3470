using EdgeGateway.Configuration;
using EdgeGateway.IntegrationTests.Infrastructure;

namespace EdgeGateway.IntegrationTests.Configuration;

public sealed class PolicyReferenceTests
{
    [Fact]
    public async Task Startup_RouteNamesUnknownPolicies_FailsListingEveryProblem()
    {
        var ex = await Assert.ThrowsAsync<GatewayConfigurationException>(() => GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ReverseProxy:Routes:pay-jsapi:Metadata:Quota"] = "no-such-quota",
            ["ReverseProxy:Routes:pay-close:Metadata:CircuitBreaker"] = "no-such-breaker",
        }));

        Assert.Equal(2, ex.Errors.Count);
        Assert.Contains(ex.Errors, e => e == "config/routes.json: route 'pay-jsapi': Metadata.Quota names 'no-such-quota', which is not a policy in config/policies.json Policies.Quotas (defined: caller-orders, caller-refunds, payer-orders); add it there or use one of those.");
        Assert.Contains(ex.Errors, e => e.StartsWith("config/routes.json: route 'pay-close': Metadata.CircuitBreaker names 'no-such-breaker'", StringComparison.Ordinal));
    }
}
