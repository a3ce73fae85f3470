using System.Text.Json.Nodes;
using EdgeGateway.Configuration;
using EdgeGateway.IntegrationTests.Infrastructure;

namespace EdgeGateway.IntegrationTests.RateLimiting;

/// <summary>Rules over the shipped configuration and the start-up checks of the traffic policies.</summary>
public sealed class ShippedTrafficPolicyTests
{
    [Fact]
    public void EveryShippedRoute_NamesARateLimitPolicyAndAGroup()
    {
        var routes = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "config", "routes.json")))!["ReverseProxy"]!["Routes"]!.AsObject();
        var policies = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "config", "policies.json")))!["Policies"]!["RateLimits"]!.AsObject();

        Assert.NotEmpty(routes);
        foreach (var (id, route) in routes)
        {
            var policy = (string?)route!["RateLimiterPolicy"];
            Assert.True(policy is not null && policies.ContainsKey(policy), $"route '{id}' names no rate-limit policy from config/policies.json");
            Assert.False(string.IsNullOrWhiteSpace((string?)route["Metadata"]?["Group"]), $"route '{id}' has no Metadata.Group");
        }
    }

    [Fact]
    public async Task Startup_InvalidTrafficPolicies_FailListingEveryProblem()
    {
        var ex = await Assert.ThrowsAsync<GatewayConfigurationException>(() => GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Policies:RateLimits:standard:PermitsPerSecond"] = "0",
            ["Policies:Quotas:payer-orders:ExpectedInstances"] = "0",
            ["EdgeGateway:Callers:typo:ApiKeySha256"] = new string('b', 64),
            ["EdgeGateway:Callers:typo:Groups:0"] = "payment",
            ["EdgeGateway:Callers:typo:MchIds:0"] = "*",
        }));

        Assert.Contains("config/policies.json: Policies.RateLimits.standard: PermitsPerSecond is 0; it must be at least 1 (the default is 5000).", ex.Errors);
        Assert.Contains("config/policies.json: Policies.Quotas.payer-orders: ExpectedInstances is 0; it must be at least 1 (the number of gateway instances sharing the quota).", ex.Errors);
        Assert.Contains(ex.Errors, e => e.StartsWith("appsettings.json: EdgeGateway:Callers:typo: Groups names 'payment', which no route", StringComparison.Ordinal));
    }
}
