using EdgeGateway.Quotas;

namespace EdgeGateway.UnitTests.Quotas;

public sealed class RateLimitHeadersTests
{
    private static readonly GcraWindow[] Windows = [new(20, 1), new(10000, 86400)];

    [Fact]
    public void Policy_ListsEachWindowAsAnItemWithQuotaAndWindow()
    {
        Assert.Equal("\"orders-1s\";q=20;w=1, \"orders-86400s\";q=10000;w=86400", RateLimitHeaders.Policy("orders", Windows));
    }

    [Fact]
    public void State_GivesRemainingAndSecondsUntilFull_RoundedUp()
    {
        var decision = new QuotaDecision(true, 0, [new QuotaWindowState(19, 50), new QuotaWindowState(9999, 8640)]);

        Assert.Equal("\"orders-1s\";r=19;t=1, \"orders-86400s\";r=9999;t=9", RateLimitHeaders.State("orders", Windows, decision));
    }

    [Theory]
    [InlineData("a\"b", "\"a\\\"b-1s\"")]
    [InlineData("a\\b", "\"a\\\\b-1s\"")]
    [InlineData("订单", "\"__-1s\"")]
    public void Id_IsAValidStructuredFieldString(string quota, string expected)
    {
        Assert.Equal(expected, RateLimitHeaders.Id(quota, new GcraWindow(1, 1)));
    }
}
