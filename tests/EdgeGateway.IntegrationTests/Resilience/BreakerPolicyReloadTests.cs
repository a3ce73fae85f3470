using System.Net;
using System.Text.Json.Nodes;
using EdgeGateway.Configuration;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator.Faults;
using static EdgeGateway.IntegrationTests.Resilience.ResilienceTestSupport;

namespace EdgeGateway.IntegrationTests.Resilience;

/// <summary>Editing config/policies.json while the gateway runs.</summary>
public sealed class BreakerPolicyReloadTests : IDisposable
{
    private const string QueryById = "/v3/pay/transactions/id/";
    private const string RefundQuery = "/v3/refund/domestic/refunds/";
    private readonly string _contentRoot = Directory.CreateTempSubdirectory("edgegateway-reload-").FullName;

    public BreakerPolicyReloadTests()
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), Path.Combine(_contentRoot, "appsettings.json"));
        Directory.CreateDirectory(Path.Combine(_contentRoot, "config"));
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "config")))
        {
            File.Copy(file, Path.Combine(_contentRoot, "config", Path.GetFileName(file)));
        }

        WritePolicies(refundMinimumThroughput: 2);
    }

    [Fact]
    public async Task PolicyEdit_AppliesToNewRequests_WithoutResettingAnotherRoutesOpenBreaker()
    {
        await using var host = await GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ReverseProxy:Routes:pay-query-by-transaction-id:Metadata:CircuitBreaker"] = "orders",
            ["ReverseProxy:Routes:refund-query:Metadata:CircuitBreaker"] = "refunds",
        }, contentRoot: _contentRoot);
        var orderQuery = $"{QueryById}4200000000000000000000000011?mchid={host.Keys.MchId}";

        host.Simulator.Faults.Current = new FaultSettings { ServerErrorRate = 1, PathPrefix = QueryById };
        (await host.Client.GetAsync(orderQuery)).Dispose();
        (await host.Client.GetAsync(orderQuery)).Dispose();
        await WaitForBreakerAsync(host, "pay-query-by-transaction-id", 2);
        using (var open = await host.Client.GetAsync(orderQuery))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, open.StatusCode);
        }

        // The refund route's breaker exists already, built from the old policy.
        using (var refund = await host.Client.GetAsync($"{RefundQuery}R202401010000"))
        {
            Assert.Equal(HttpStatusCode.NotFound, refund.StatusCode);
        }

        // Raise the refund breaker's threshold from 2 to 10 calls; the order breaker's policy is untouched.
        var catalog = host.Service<PolicyCatalogProvider>();
        var version = catalog.Active.Version;
        WritePolicies(refundMinimumThroughput: 10);
        Assert.True(await EventuallyAsync(() => Task.FromResult(catalog.Active.Version != version), TimeSpan.FromSeconds(30)),
            "the edited policies.json was not reloaded");

        using (var stillOpen = await host.Client.GetAsync(orderQuery))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, stillOpen.StatusCode);
        }

        Assert.Equal(2, host.Simulator.CountRequests("GET", QueryById));

        // Under the old policy two failures would have opened the refund breaker; under the new one five do not.
        host.Simulator.Faults.Current = new FaultSettings { ServerErrorRate = 1, PathPrefix = RefundQuery };
        for (var i = 0; i < 5; i++)
        {
            using var failing = await host.Client.GetAsync($"{RefundQuery}R20240101000{i + 1}");
            Assert.Equal(HttpStatusCode.InternalServerError, failing.StatusCode);
        }

        Assert.Equal(6, host.Simulator.CountRequests("GET", RefundQuery));
        Assert.Equal(2, BreakerStateGauge(host, "pay-query-by-transaction-id"));
        Assert.Equal(0, BreakerStateGauge(host, "refund-query"));
    }

    private void WritePolicies(int refundMinimumThroughput)
    {
        var path = Path.Combine(_contentRoot, "config", "policies.json");
        var root = JsonNode.Parse(File.ReadAllText(path))!;
        var policies = root["Policies"]!;
        policies["CircuitBreakers"]!["orders"] = Breaker(2);
        policies["CircuitBreakers"]!["refunds"] = Breaker(refundMinimumThroughput);
        policies["Retries"]!["queries"]!["MaxRetries"] = 0;
        File.WriteAllText(path, root.ToJsonString());
    }

    private static JsonObject Breaker(int minimumThroughput) => new()
    {
        ["FailureRatio"] = 0.5,
        ["SamplingDuration"] = "00:01:00",
        ["MinimumThroughput"] = minimumThroughput,
        ["BreakDuration"] = "00:05:00",
    };

    public void Dispose()
    {
        try
        {
            Directory.Delete(_contentRoot, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
