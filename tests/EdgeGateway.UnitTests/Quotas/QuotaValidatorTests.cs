using EdgeGateway.Configuration;
using EdgeGateway.Quotas.Validation;

namespace EdgeGateway.UnitTests.Quotas;

public sealed class QuotaValidatorTests
{
    private static string Single(IGatewayConfigValidator validator, QuotaPolicy policy)
    {
        var catalog = new PolicyCatalog();
        catalog.Quotas["orders"] = policy;
        var context = new GatewayConfigValidationContext { Policies = catalog, Routes = [], Clusters = [] };
        validator.Validate(context);
        return Assert.Single(context.Problems).ToString();
    }

    private static QuotaPolicy With(params QuotaWindow[] windows) => new() { Windows = [.. windows] };

    [Fact]
    public void NoWindows_IsRefused() =>
        Assert.Equal("config/policies.json: Policies.Quotas.orders: has no Windows; add at least one, e.g. {\"Limit\": 20, \"Period\": \"00:00:01\"}.",
            Single(new QuotaWindowsRequiredValidator(), With()));

    [Theory]
    [InlineData(0)]
    [InlineData(1500)]
    public void Period_NotWholeSecondsOrUnderOne_IsRefused(int milliseconds) =>
        Assert.Equal($"config/policies.json: Policies.Quotas.orders: Windows[0].Period is {TimeSpan.FromMilliseconds(milliseconds)}; it must be a whole number of seconds, at least 00:00:01.",
            Single(new QuotaWindowPeriodValidator(), With(new QuotaWindow { Limit = 1, Period = TimeSpan.FromMilliseconds(milliseconds) })));

    [Theory]
    [InlineData(0)]
    [InlineData(1_000_001)]
    public void Limit_OutOfRange_IsRefused(long limit) =>
        Assert.Equal($"config/policies.json: Policies.Quotas.orders: Windows[0].Limit is {limit}; it must be between 1 and 1000000 (1 000 000 per second of Period).",
            Single(new QuotaWindowLimitValidator(), With(new QuotaWindow { Limit = limit, Period = TimeSpan.FromSeconds(1) })));

    [Fact]
    public void TwoWindows_SamePeriod_IsRefused() =>
        Assert.Equal("config/policies.json: Policies.Quotas.orders: has several Windows with Period 00:01:00; keep one per period (the smallest Limit is the one that binds).",
            Single(new QuotaWindowDistinctPeriodValidator(), With(new QuotaWindow { Limit = 5, Period = TimeSpan.FromMinutes(1) }, new QuotaWindow { Limit = 9, Period = TimeSpan.FromMinutes(1) })));

    [Theory]
    [InlineData(null, null)]
    [InlineData("X-User-Id", "payer.openid")]
    public void UserDimension_NotExactlyOneSource_IsRefused(string? header, string? jsonField)
    {
        var policy = With(new QuotaWindow { Limit = 1, Period = TimeSpan.FromSeconds(1) });
        policy.User = new QuotaUserDimension { Header = header, JsonField = jsonField };

        Assert.Equal("config/policies.json: Policies.Quotas.orders: User must name exactly one of Header (e.g. \"X-User-Id\") or JsonField (e.g. \"payer.openid\").",
            Single(new QuotaUserDimensionValidator(), policy));
    }

    [Fact]
    public void ExpectedInstances_BelowOne_IsRefused()
    {
        var policy = With(new QuotaWindow { Limit = 1, Period = TimeSpan.FromSeconds(1) });
        policy.ExpectedInstances = 0;

        Assert.Equal("config/policies.json: Policies.Quotas.orders: ExpectedInstances is 0; it must be at least 1 (the number of gateway instances sharing the quota).",
            Single(new QuotaExpectedInstancesValidator(), policy));
    }
}
