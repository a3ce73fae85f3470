using System.Net;
using System.Text.Json.Nodes;
using EdgeGateway.IntegrationTests.Infrastructure;
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
    public async Task Ready_RedisKilled_Is503NamingRedisAndRecoversWhenItIsBack()
    {
        await using var redis = await RedisServer.StartDedicatedAsync();
        await using var host = await GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["EdgeGateway:Redis:Configuration"] = redis.Endpoint,
        });
        Assert.Equal(HttpStatusCode.OK, (await ReadyAsync(host)).Status);

        await redis.KillAsync();
        var (down, report) = await ReadyUntilAsync(host, HttpStatusCode.ServiceUnavailable);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down);
        Assert.Equal("Unhealthy", (string?)report["status"]);
        Assert.Equal("Unhealthy", (string?)report["checks"]!["redis"]!["status"]);
        Assert.Equal("redis_down", (string?)report["checks"]!["redis"]!["data"]!["mode"]);
        Assert.Equal("Healthy", (string?)report["checks"]!["merchant-keys"]!["status"]);
        Assert.DoesNotContain(redis.Endpoint, report.ToJsonString(), StringComparison.Ordinal);

        await redis.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await ReadyUntilAsync(host, HttpStatusCode.OK)).Status);
    }

    [Fact]
    public async Task Ready_MerchantWithoutPlatformKey_Is503NamingTheMerchant()
    {
        var keyless = TestKeys.Create("keyless", "1900000077");
        await using var host = await GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["EdgeGateway:Merchants:1900000077:CertificateSerial"] = keyless.MerchantCertificateSerial,
            ["EdgeGateway:Merchants:1900000077:PrivateKeyFile"] = keyless.MerchantPrivateKeyPath,
            ["EdgeGateway:Merchants:1900000077:ApiV3KeyFile"] = keyless.ApiV3KeyPath,
        });

        var (status, report) = await ReadyAsync(host);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        var check = report["checks"]!["verification-keys"]!;
        Assert.Equal("Unhealthy", (string?)check["status"]);
        Assert.Contains("1900000077", (string?)check["description"], StringComparison.Ordinal);
        Assert.DoesNotContain(host.Keys.MchId, (string?)check["description"], StringComparison.Ordinal);
        Assert.Equal(0, (int)check["data"]!["1900000077"]!);
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

    /// <summary>Polls until the status is <paramref name="wanted"/> (the connection notices an outage within seconds), at most 30 s.</summary>
    private static async Task<(HttpStatusCode Status, JsonNode Report)> ReadyUntilAsync(GatewayTestHost host, HttpStatusCode wanted)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var result = await ReadyAsync(host);
            if (result.Status == wanted || DateTime.UtcNow > deadline)
            {
                return result;
            }

            await Task.Delay(200);
        }
    }
}
