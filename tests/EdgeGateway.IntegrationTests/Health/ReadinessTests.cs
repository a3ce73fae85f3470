using System.Net;
using System.Text.Json.Nodes;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator;
using EdgeGateway.Simulator.Faults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EdgeGateway.IntegrationTests.Health;

/// <summary>/health/ready on the management listener: every registered check, with a JSON report.</summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task Ready_InMemoryStoreAndKeysLoaded_Is200WithEveryCheck()
    {
        await using var host = await GatewayTestHost.StartAsync();

        var (status, report) = await ReadyAsync(host);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", (string?)report["status"]);
        var checks = report["checks"]!.AsObject();
        Assert.Superset(new HashSet<string> { "merchant-keys", "redis", "verification-keys" }, checks.Select(c => c.Key).ToHashSet());
        Assert.Equal("in_memory", (string?)checks["redis"]!["data"]!["mode"]);
        Assert.Equal(host.Keys.MchId, (string?)checks["merchant-keys"]!["data"]!["merchants"]![0]);
        Assert.True((int)checks["verification-keys"]!["data"]![host.Keys.MchId]! >= 1);
    }

    [Fact]
    public async Task Ready_RedisReachable_IsHealthyInRedisMode()
    {
        var redis = await RedisServer.SharedAsync();
        await using var host = await GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["EdgeGateway:Redis:Configuration"] = redis.Endpoint,
            ["EdgeGateway:Redis:KeyPrefix"] = RedisServer.NewPrefix(nameof(Ready_RedisReachable_IsHealthyInRedisMode)),
        });

        var (status, report) = await ReadyAsync(host);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("redis", (string?)report["checks"]!["redis"]!["data"]!["mode"]);
    }

    [Fact]
    public async Task Ready_RedisKilled_Is200DegradedNamingRedis_QueriesStillServe_AndItShowsInMetrics()
    {
        await using var redis = await RedisServer.StartDedicatedAsync();
        await using var host = await GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["EdgeGateway:Redis:Configuration"] = redis.Endpoint,
        });
        using var metrics = new HealthGauge(host);
        Assert.Equal("Healthy", (string?)(await ReadyAsync(host)).Report["status"]);
        Assert.Equal(2, metrics.Status("redis"));

        await redis.KillAsync();
        var (down, report) = await ReadyUntilAsync(host, r => (string?)r["checks"]!["redis"]!["status"] != "Healthy");

        Assert.Equal(HttpStatusCode.OK, down);
        Assert.Equal("Degraded", (string?)report["status"]);
        Assert.Equal("Degraded", (string?)report["checks"]!["redis"]!["status"]);
        Assert.Equal("redis_down", (string?)report["checks"]!["redis"]!["data"]!["mode"]);
        // The shipped routes with a FailClosed duplicate guard (payments) or quota (caller-refunds); queries are not among them.
        var refused = report["checks"]!["redis"]!["data"]!["refused_routes"]!.AsArray().Select(r => (string)r!).ToList();
        Assert.Subset(refused.ToHashSet(), new HashSet<string> { "pay-app", "pay-close", "pay-h5", "pay-jsapi", "pay-native", "refund-abnormal", "refund-create" });
        Assert.DoesNotContain(refused, r => r.Contains("query", StringComparison.Ordinal));
        Assert.Equal(refused.Order(StringComparer.Ordinal), refused);
        Assert.Equal("Healthy", (string?)report["checks"]!["merchant-keys"]!["status"]);
        Assert.DoesNotContain(redis.Endpoint, report.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(1, metrics.Status("redis"));
        Assert.Equal(1, metrics.Status(HealthMetricsCheckOverall));
        using (var query = await host.Client.GetAsync($"/v3/pay/transactions/out-trade-no/{Payloads.NewOutTradeNo()}?mchid={host.Keys.MchId}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, query.StatusCode); // WeChat Pay's own answer: this instance still serves queries
            Assert.False(query.Headers.Contains("X-EdgeGateway-Error"));
        }

        await redis.StartAsync();
        Assert.Equal("Healthy", (string?)(await ReadyUntilAsync(host, r => (string?)r["status"] == "Healthy")).Report["status"]);
        Assert.Equal(2, metrics.Status("redis"));
    }

    [Fact]
    public async Task Ready_OneMerchantWithoutPlatformKey_Is200DegradedNamingTheMerchant()
    {
        var keyless = TestKeys.Create("keyless", "1900000077");
        await using var host = await GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["EdgeGateway:Merchants:1900000077:CertificateSerial"] = keyless.MerchantCertificateSerial,
            ["EdgeGateway:Merchants:1900000077:PrivateKeyFile"] = keyless.MerchantPrivateKeyPath,
            ["EdgeGateway:Merchants:1900000077:ApiV3KeyFile"] = keyless.ApiV3KeyPath,
        });

        var (status, report) = await ReadyAsync(host);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Degraded", (string?)report["status"]);
        var check = report["checks"]!["verification-keys"]!;
        Assert.Equal("Degraded", (string?)check["status"]);
        Assert.Equal(
            "No valid platform certificate or WeChat Pay public key for merchant(s) 1900000077: answers for them cannot be verified. Configure PlatformCertificateFiles or PublicKeyFile/PublicKeyId.",
            (string?)check["description"]);
        Assert.Equal(0, (int)check["data"]!["1900000077"]!);
        Assert.True((int)check["data"]![host.Keys.MchId]! >= 1);
    }

    [Fact]
    public async Task Ready_NoMerchantKeyVerifies_Is503()
    {
        // No certificate file, and WeChat Pay's certificate download fails: no answer could be verified.
        var simulator = await SimulatorHost.StartAsync(TestKeys.Material.ToSimulatorOptions());
        simulator.Faults.Current = new FaultSettings { ServiceUnavailableRate = 1.0, PathPrefix = "/v3/certificates" };
        await using var host = await GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            [$"EdgeGateway:Merchants:{TestKeys.Material.MchId}:PlatformCertificateFiles:0"] = "",
        }, simulator: simulator);

        var (status, report) = await ReadyAsync(host);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", (string?)report["status"]);
        Assert.Equal("Unhealthy", (string?)report["checks"]!["verification-keys"]!["status"]);
        Assert.Equal("Healthy", (string?)report["checks"]!["merchant-keys"]!["status"]);
    }

    [Fact]
    public async Task Ready_Draining_Is503_WhileRequestsAreStillServed()
    {
        await using var host = await GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["EdgeGateway:ShutdownReadinessDelay"] = "00:00:05",
        });
        Assert.Equal(HttpStatusCode.OK, (await ReadyAsync(host)).Status);

        var stopping = host.App.StopAsync();
        var (status, report) = await ReadyUntilAsync(host, r => (string?)r["checks"]!["draining"]!["status"] != "Healthy"); // the stop starts on another thread

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", (string?)report["checks"]!["draining"]!["status"]);
        Assert.Equal("Healthy", (string?)report["checks"]!["verification-keys"]!["status"]);
        using (var certificates = await host.Client.GetAsync("/v3/certificates"))
        {
            Assert.Equal(HttpStatusCode.OK, certificates.StatusCode); // the delay lets a load balancer notice before connections are refused
        }

        Assert.False(stopping.IsCompleted, "the host stopped before the readiness delay was over");
        await stopping;
    }

    [Fact]
    public async Task Ready_IncludesChecksOtherFeaturesRegister()
    {
        await using var host = await GatewayTestHost.StartAsync(configureGateway: builder => builder.Services.AddHealthChecks()
            .AddCheck("another-feature", () => HealthCheckResult.Unhealthy("the other feature is not ready")));

        var (status, report) = await ReadyAsync(host);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("the other feature is not ready", (string?)report["checks"]!["another-feature"]!["description"]);
    }

    [Fact]
    public async Task Ready_OnPublicListener_IsNotFound()
    {
        await using var host = await GatewayTestHost.StartAsync();

        using var response = await host.Client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static async Task<(HttpStatusCode Status, JsonNode Report)> ReadyAsync(GatewayTestHost host)
    {
        using var response = await host.ManagementClient.GetAsync("/health/ready");
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private const string HealthMetricsCheckOverall = "ready";

    /// <summary>Polls until the report satisfies <paramref name="wanted"/> (the connection notices an outage within seconds), at most 30 s.</summary>
    private static async Task<(HttpStatusCode Status, JsonNode Report)> ReadyUntilAsync(GatewayTestHost host, Func<JsonNode, bool> wanted)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var result = await ReadyAsync(host);
            if (wanted(result.Report) || DateTime.UtcNow > deadline)
            {
                return result;
            }

            await Task.Delay(200);
        }
    }
}
