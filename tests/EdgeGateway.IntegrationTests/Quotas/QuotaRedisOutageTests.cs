using System.Net;
using EdgeGateway.IntegrationTests.Infrastructure;

namespace EdgeGateway.IntegrationTests.Quotas;

/// <summary>
/// Redis killed while requests flow (a dedicated server): fail-open quotas keep serving on the local limiter,
/// fail-closed ones answer 503, no quota check waits longer than the Redis timeout, and shared enforcement
/// returns by itself when Redis is back.
/// </summary>
public sealed class QuotaRedisOutageTests
{
    private const int TimeoutMs = 400;

    [Fact]
    public async Task RedisKilled_FailOpen_KeepsServingOnLocalShare_ThenEnforcesAgainWhenBack()
    {
        await using var redis = await RedisServer.StartDedicatedAsync();
        await using var host = await GatewayTestHost.StartAsync(Settings(redis, "FailOpen"));
        using var metrics = new MeasurementRecorder(host, "edgegateway.quota.decision.duration", "edgegateway.quota.redis.fallbacks", "edgegateway.quota.redis.degraded");

        await WaitUntilEnforcedAsync(host, "oOutage");

        await redis.KillAsync();
        for (var i = 0; i < 8; i++)
        {
            var during = await QuotaTests.Send(host, Payloads.NewOutTradeNo("QO"), "oOutage");
            Assert.Equal(HttpStatusCode.OK, during.Status);
            // The local limiter's share: 1000 ÷ ExpectedInstances (4).
            Assert.Contains(";q=250;", during.Response.Headers.GetValues("RateLimit-Policy").Single(), StringComparison.Ordinal);
        }

        metrics.Observe();
        Assert.Contains(metrics.Of("edgegateway.quota.redis.degraded"), m => m.Value == 1);
        Assert.Contains(metrics.Of("edgegateway.quota.redis.fallbacks"), m => m.Tag("mode") == "fail_open");
        Assert.Contains(host.Logs.Entries, e => e.EventId.Id == 1221 && e.Level == Microsoft.Extensions.Logging.LogLevel.Warning);

        await redis.StartAsync();
        await WaitUntilEnforcedAsync(host, "oOutage");
        Assert.Contains(host.Logs.Entries, e => e.EventId.Id == 1222);
        AssertNoDecisionWaitedPastTimeout(metrics);
    }

    [Fact]
    public async Task RedisKilled_FailClosed_Answers503Fast_ThenServesAgainWhenBack()
    {
        await using var redis = await RedisServer.StartDedicatedAsync();
        await using var host = await GatewayTestHost.StartAsync(Settings(redis, "FailClosed"));
        using var metrics = new MeasurementRecorder(host, "edgegateway.quota.decision.duration", "edgegateway.quota.rejections");
        await WaitUntilEnforcedAsync(host, "oClosed");

        await redis.KillAsync();
        var forwardedBefore = host.Simulator.Requests.Count;
        for (var i = 0; i < 8; i++)
        {
            var during = await QuotaTests.Send(host, Payloads.NewOutTradeNo("QC"), "oClosed");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, during.Status);
            Assert.Equal("DEPENDENCY_UNAVAILABLE", (string?)during.Body!["code"]);
            Assert.True(int.Parse(during.Response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        }

        Assert.Equal(forwardedBefore, host.Simulator.Requests.Count);
        Assert.Equal(8, metrics.Of("edgegateway.quota.rejections").Count(m => m.Tag("reason") == "redis_unavailable"));

        await redis.StartAsync();
        await WaitUntilEnforcedAsync(host, "oClosed");
        AssertNoDecisionWaitedPastTimeout(metrics);
    }

    /// <summary>
    /// Polls until an answer carries the shared quota (q=1000) — at start, and after Redis is back (it reconnects in
    /// the background). Redis is empty both times, so that answer is the window's first.
    /// </summary>
    private static async Task WaitUntilEnforcedAsync(GatewayTestHost host, string openId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var attempt = await QuotaTests.Send(host, Payloads.NewOutTradeNo("QR"), openId);
            if (attempt.Status == HttpStatusCode.OK && attempt.Response.Headers.GetValues("RateLimit-Policy").Single().Contains(";q=1000;", StringComparison.Ordinal))
            {
                Assert.StartsWith("\"exact-3600s\";r=999;", attempt.Response.Headers.GetValues("RateLimit").Single(), StringComparison.Ordinal);
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "Shared quota enforcement did not start (or come back) within 60 s.");
            await Task.Delay(250);
        }
    }

    /// <summary>
    /// Every quota decision (what the check added to a request) stayed within the Redis timeout, plus a generous
    /// allowance for a loaded machine's scheduling — never the seconds a hung connection would cost.
    /// </summary>
    private static void AssertNoDecisionWaitedPastTimeout(MeasurementRecorder metrics)
    {
        var durations = metrics.Of("edgegateway.quota.decision.duration").Select(m => m.Value).ToList();
        Assert.NotEmpty(durations);
        Assert.All(durations, seconds => Assert.True(seconds * 1000 < (TimeoutMs * 2) + 1000, $"A quota decision took {seconds * 1000:F0} ms; the Redis timeout is {TimeoutMs} ms."));
    }

    private static Dictionary<string, string?> Settings(RedisServer redis, string failure)
    {
        var settings = QuotaTests.QuotaSettings(redis.Endpoint, RedisServer.NewPrefix(nameof(QuotaRedisOutageTests)), limit: 1000, user: false, failure);
        settings["Policies:Quotas:exact:ExpectedInstances"] = "4";
        settings["EdgeGateway:Redis:OperationTimeoutMs"] = TimeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["EdgeGateway:Quotas:CircuitBreakDuration"] = "00:00:01";
        settings["EdgeGateway:Quotas:CircuitMinimumThroughput"] = "2";

        // The prepay route's duplicate-payment guard also lives in Redis and fails closed by default; this test is about the quota alone.
        settings["Policies:DuplicateGuards:payments:OnRedisFailure"] = "FailOpen";
        return settings;
    }
}
