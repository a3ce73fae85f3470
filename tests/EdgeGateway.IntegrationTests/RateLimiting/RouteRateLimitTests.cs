using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator.Faults;

namespace EdgeGateway.IntegrationTests.RateLimiting;

/// <summary>Per-route local limits: token bucket and concurrency, 429 RATE_LIMITED, other routes untouched.</summary>
public sealed class RouteRateLimitTests
{
    private const string QueryRoute = "pay-query-by-out-trade-no";

    [Fact]
    public async Task TokenBucket_BurstAboveBucket_Returns429WithRetryAfterAndSkipsUpstream()
    {
        await using var host = await GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Policies:RateLimits:tight:PermitsPerSecond"] = "1",
            ["Policies:RateLimits:tight:Burst"] = "2",
            ["Policies:RateLimits:tight:ConcurrencyLimit"] = "0",
            [$"ReverseProxy:Routes:{QueryRoute}:RateLimiterPolicy"] = "tight",
        });
        using var metrics = new MeasurementRecorder(host, "edgegateway.ratelimit.rejections");

        var clock = Stopwatch.StartNew();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? rejected = null;
        for (var i = 0; i < 6; i++)
        {
            var response = await host.Client.GetAsync($"/v3/pay/transactions/out-trade-no/RL{i}?mchid={host.Keys.MchId}");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                rejected ??= response;
            }
        }

        clock.Stop();
        var admitted = statuses.Count(s => s != HttpStatusCode.TooManyRequests);
        // The bucket holds 2 and refills 1 per second: however slow this machine, no more than that got through.
        Assert.InRange(admitted, 2, 2 + (int)Math.Ceiling(clock.Elapsed.TotalSeconds));
        Assert.NotNull(rejected);
        Assert.Equal("true", rejected.Headers.GetValues("X-EdgeGateway-Error").Single());
        Assert.InRange(int.Parse(rejected.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 2);
        var body = JsonNode.Parse(await rejected.Content.ReadAsStringAsync())!;
        Assert.Equal("RATE_LIMITED", (string?)body["code"]);
        Assert.Equal(QueryRoute, (string?)body["detail"]!["route"]);
        Assert.Equal("token_bucket", (string?)body["detail"]!["limit"]);
        Assert.Equal(admitted, host.Simulator.Requests.Count);
        Assert.Equal(6 - admitted, metrics.Of("edgegateway.ratelimit.rejections").Count(m => m.Tag("route") == QueryRoute && m.Tag("reason") == "token_bucket"));
    }

    [Fact]
    public async Task Concurrency_AboveLimit_Returns429_WhileOtherRoutesServe()
    {
        await using var host = await GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Policies:RateLimits:narrow:PermitsPerSecond"] = "1000",
            ["Policies:RateLimits:narrow:ConcurrencyLimit"] = "2",
            [$"ReverseProxy:Routes:{QueryRoute}:RateLimiterPolicy"] = "narrow",
        });
        using var metrics = new MeasurementRecorder(host, "edgegateway.ratelimit.rejections");
        host.Simulator.Faults.Current = new FaultSettings { LatencyMs = 5000, PathPrefix = "/v3/pay/transactions/out-trade-no/" };

        var slow = Enumerable.Range(0, 5)
            .Select(i => host.Client.GetAsync($"/v3/pay/transactions/out-trade-no/CC{i}?mchid={host.Keys.MchId}"))
            .ToArray();
        // Two of the five hold the route's permits for five seconds; the other three are refused at once.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (slow.Count(t => t.IsCompleted) < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        using var other = await host.Client.GetAsync($"/v3/refund/domestic/refunds/NOSUCHREFUND1?mchid={host.Keys.MchId}");
        var responses = await Task.WhenAll(slow);

        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.Equal(2, responses.Count(r => r.StatusCode != HttpStatusCode.TooManyRequests));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, other.StatusCode);
        var refused = responses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.Equal("1", refused.Headers.GetValues("Retry-After").Single());
        Assert.Equal("concurrency", (string?)JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["detail"]!["limit"]);
        Assert.Equal(3, metrics.Of("edgegateway.ratelimit.rejections").Count(m => m.Tag("route") == QueryRoute && m.Tag("reason") == "concurrency"));
    }

    [Fact]
    public async Task EditedLimitInPoliciesJson_AppliesWithoutRestart()
    {
        var root = CopyContentRoot();
        var policies = Path.Combine(root, "config", "policies.json");
        var shipped = JsonNode.Parse(await File.ReadAllTextAsync(policies))!;
        shipped["Policies"]!["RateLimits"]!["standard"]!["PermitsPerSecond"] = 1;
        shipped["Policies"]!["RateLimits"]!["standard"]!["Burst"] = 1;
        await File.WriteAllTextAsync(policies, shipped.ToJsonString());
        await using var host = await GatewayTestHost.StartAsync(contentRoot: root);
        var path = $"/v3/pay/transactions/out-trade-no/HR1?mchid={host.Keys.MchId}";
        Assert.Equal(HttpStatusCode.TooManyRequests, await Burst(host, path, 5));

        var catalog = host.Service<EdgeGateway.Configuration.PolicyCatalogProvider>();
        var before = catalog.Active.Version;
        shipped["Policies"]!["RateLimits"]!["standard"]!["PermitsPerSecond"] = 1000;
        shipped["Policies"]!["RateLimits"]!["standard"]!["Burst"] = 1000;
        await File.WriteAllTextAsync(policies, shipped.ToJsonString());
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (catalog.Active.Version == before && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.NotEqual(before, catalog.Active.Version);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, await Burst(host, path, 10));
    }

    /// <summary>Sends <paramref name="count"/> requests in a row; the worst status seen (429 if any was refused).</summary>
    private static async Task<HttpStatusCode> Burst(GatewayTestHost host, string path, int count)
    {
        var worst = HttpStatusCode.OK;
        for (var i = 0; i < count; i++)
        {
            using var response = await host.Client.GetAsync(path);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                worst = response.StatusCode;
            }
        }

        return worst;
    }

    private static string CopyContentRoot()
    {
        var root = Directory.CreateTempSubdirectory("edgegateway-ratelimit-").FullName;
        File.Copy(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), Path.Combine(root, "appsettings.json"));
        Directory.CreateDirectory(Path.Combine(root, "config"));
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "config")))
        {
            File.Copy(file, Path.Combine(root, "config", Path.GetFileName(file)));
        }

        return root;
    }
}
