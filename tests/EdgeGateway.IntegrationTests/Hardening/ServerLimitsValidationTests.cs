using EdgeGateway.Configuration;
using EdgeGateway.IntegrationTests.Infrastructure;

namespace EdgeGateway.IntegrationTests.Hardening;

public sealed class ServerLimitsValidationTests
{
    [Fact]
    public async Task Startup_UnusableServerLimits_FailsWithEveryProblemListed()
    {
        var ex = await Assert.ThrowsAsync<GatewayConfigurationException>(() => GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["EdgeGateway:ServerLimits:MaxRequestHeaderCount"] = "4",
            ["EdgeGateway:ServerLimits:MinRequestBodyDataRateGracePeriod"] = "00:00:01",
        }));

        Assert.Equal(
        [
            "EdgeGateway:ServerLimits:MaxRequestHeaderCount is 4; allow at least 16 (a v3 call carries about a dozen headers).",
            "EdgeGateway:ServerLimits:MinRequestBodyDataRateGracePeriod is 00:00:01; use longer than 00:00:01 (Kestrel's minimum).",
        ], ex.Errors);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:00:05")]
    public async Task Startup_NonPositiveRequestBodyTimeout_FailsNamingTheSetting(string value)
    {
        var ex = await Assert.ThrowsAsync<GatewayConfigurationException>(() => GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["EdgeGateway:ServerLimits:RequestBodyTimeout"] = value,
        }));

        Assert.Equal(
        [
            $"EdgeGateway:ServerLimits:RequestBodyTimeout is {TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture)}; write a positive duration such as \"00:00:10\" (the longest a request body may take to arrive).",
        ], ex.Errors);
    }
}
