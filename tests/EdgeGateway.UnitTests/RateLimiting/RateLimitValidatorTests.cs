using EdgeGateway.Configuration;
using EdgeGateway.RateLimiting.Validation;

namespace EdgeGateway.UnitTests.RateLimiting;

public sealed class RateLimitValidatorTests
{
    private static string Single(IGatewayConfigValidator validator, RateLimitPolicy policy)
    {
        var catalog = new PolicyCatalog();
        catalog.RateLimits["api"] = policy;
        var context = new GatewayConfigValidationContext { Policies = catalog, Routes = [], Clusters = [] };
        validator.Validate(context);
        return Assert.Single(context.Problems).ToString();
    }

    [Fact]
    public void Permits_NotPositive_IsRefused() =>
        Assert.Equal("config/policies.json: Policies.RateLimits.api: PermitsPerSecond is 0; it must be at least 1 (the default is 5000).",
            Single(new RateLimitPermitsValidator(), new RateLimitPolicy { PermitsPerSecond = 0 }));

    [Fact]
    public void Burst_BelowOne_IsRefused() =>
        Assert.Equal("config/policies.json: Policies.RateLimits.api: Burst is 0; it must be at least 1, or left out to equal PermitsPerSecond.",
            Single(new RateLimitBurstValidator(), new RateLimitPolicy { Burst = 0 }));

    [Fact]
    public void Concurrency_Negative_IsRefused() =>
        Assert.Equal("config/policies.json: Policies.RateLimits.api: ConcurrencyLimit is -1; it must be 0 (no limit) or more (the default is 200).",
            Single(new RateLimitConcurrencyValidator(), new RateLimitPolicy { ConcurrencyLimit = -1 }));
}
