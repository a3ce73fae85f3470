using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator;

namespace EdgeGateway.IntegrationTests.Quotas;

/// <summary>Quotas shared through a real Redis: exact across instances, per user, and advertised in RateLimit headers.</summary>
public sealed partial class QuotaTests
{
    private const string Route = "/v3/pay/transactions/jsapi";

    [Theory]
    [MemberData(nameof(RedisTopologies.Both), MemberType = typeof(RedisTopologies))]
    public async Task ThreeInstances_SharingOneRedis_AdmitExactlyTheQuota(string topology)
    {
        var redis = await RedisTopologies.SharedAsync(topology);
        // Fail-closed: a decision Redis did not make shows up as a 503 here instead of a silent local admission.
        var settings = QuotaSettings(redis.Endpoint, RedisServer.NewPrefix(nameof(ThreeInstances_SharingOneRedis_AdmitExactlyTheQuota) + topology), limit: 12, user: false, failure: "FailClosed");
        var simulator = await SimulatorHost.StartAsync(TestKeys.Material.ToSimulatorOptions());
        var hosts = new List<GatewayTestHost>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                hosts.Add(await GatewayTestHost.StartAsync(settings, simulator));
            }

            // 30 requests, spread unevenly over the three instances and sent in concurrent waves.
            var spread = new[] { 0, 0, 1, 2, 2, 2, 1, 0, 1, 2 };
            var statuses = new List<HttpStatusCode>();
            for (var wave = 0; wave < 3; wave++)
            {
                var sends = spread.Select(h => Send(hosts[h], Payloads.NewOutTradeNo("Q3"), "oPayerSame"));
                statuses.AddRange((await Task.WhenAll(sends)).Select(r => r.Status));
            }

            Assert.DoesNotContain(HttpStatusCode.ServiceUnavailable, statuses);
            Assert.Equal(12, statuses.Count(s => s == HttpStatusCode.OK));
            Assert.Equal(18, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
            Assert.Equal(12, simulator.Requests.Count);
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }

            await simulator.DisposeAsync();
        }
    }

    [Theory]
    [MemberData(nameof(RedisTopologies.Both), MemberType = typeof(RedisTopologies))]
    public async Task TwoUsersUnderOneCaller_HaveIndependentQuotas(string topology)
    {
        var redis = await RedisTopologies.SharedAsync(topology);
        await using var host = await GatewayTestHost.StartAsync(QuotaSettings(redis.Endpoint, RedisServer.NewPrefix(nameof(TwoUsersUnderOneCaller_HaveIndependentQuotas)), limit: 3, user: true));

        var alice = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            alice.Add((await Send(host, Payloads.NewOutTradeNo("QA"), "oAlice")).Status);
        }

        var bob = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            bob.Add((await Send(host, Payloads.NewOutTradeNo("QB"), "oBob")).Status);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], alice);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], bob);
    }

    [Theory]
    [MemberData(nameof(RedisTopologies.Both), MemberType = typeof(RedisTopologies))]
    public async Task RateLimitHeaders_AreStructuredFields_WithRemainingCountingDown_And429CarriesRetryAfter(string topology)
    {
        var redis = await RedisTopologies.SharedAsync(topology);
        var settings = QuotaSettings(redis.Endpoint, RedisServer.NewPrefix(nameof(RateLimitHeaders_AreStructuredFields_WithRemainingCountingDown_And429CarriesRetryAfter)), limit: 5, user: false);
        settings["Policies:Quotas:exact:Windows:1:Limit"] = "100";
        settings["Policies:Quotas:exact:Windows:1:Period"] = "1.00:00:00";
        await using var host = await GatewayTestHost.StartAsync(settings);

        for (var i = 1; i <= 6; i++)
        {
            var (status, response, body) = await Send(host, Payloads.NewOutTradeNo("QH"), "oHeaders");
            var policy = response.Headers.GetValues("RateLimit-Policy").Single();
            var state = response.Headers.GetValues("RateLimit").Single();
            Assert.Equal("\"exact-3600s\";q=5;w=3600, \"exact-86400s\";q=100;w=86400", policy);
            var items = StateItem().Matches(state);
            Assert.Equal(state, string.Join(", ", items.Select(m => m.Value)));
            Assert.Equal(2, items.Count);
            Assert.Equal("\"exact-3600s\"", items[0].Groups["id"].Value);
            Assert.Equal("\"exact-86400s\"", items[1].Groups["id"].Value);
            var admitted = Math.Min(i, 5);
            Assert.Equal(5 - admitted, long.Parse(items[0].Groups["r"].Value, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(100 - admitted, long.Parse(items[1].Groups["r"].Value, System.Globalization.CultureInfo.InvariantCulture));
            // t: seconds until the window is whole again = admitted × (period ÷ limit), give or take the elapsed second.
            Assert.InRange(long.Parse(items[0].Groups["t"].Value, System.Globalization.CultureInfo.InvariantCulture), (admitted * 720) - 30, admitted * 720);
            if (i <= 5)
            {
                Assert.Equal(HttpStatusCode.OK, status);
            }
            else
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, status);
                Assert.Equal("QUOTA_EXCEEDED", (string?)body!["code"]);
                Assert.Equal("true", response.Headers.GetValues("X-EdgeGateway-Error").Single());
                var retryAfter = int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
                Assert.InRange(retryAfter, 600, 720);
            }
        }
    }

    [Fact]
    public async Task NoRedisConfigured_InMemoryStore_EnforcesTheSameQuota()
    {
        var settings = QuotaSettings(redis: null, prefix: null, limit: 4, user: false);
        await using var host = await GatewayTestHost.StartAsync(settings);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await Send(host, Payloads.NewOutTradeNo("QM"), "oMemory")).Status);
        }

        Assert.Equal(4, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal([HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses[4..]);
    }

    internal static Dictionary<string, string?> QuotaSettings(string? redis, string? prefix, int limit, bool user, string failure = "FailOpen")
    {
        var settings = new Dictionary<string, string?>
        {
            ["Policies:Quotas:exact:Windows:0:Limit"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Policies:Quotas:exact:Windows:0:Period"] = "01:00:00",
            ["Policies:Quotas:exact:OnRedisFailure"] = failure,
            ["Policies:Quotas:exact:ExpectedInstances"] = "2",
            ["ReverseProxy:Routes:pay-jsapi:Metadata:Quota"] = "exact",
        };
        if (user)
        {
            settings["Policies:Quotas:exact:User:JsonField"] = "payer.openid";
        }

        if (redis is not null)
        {
            settings["EdgeGateway:Redis:Configuration"] = redis;
            settings["EdgeGateway:Redis:KeyPrefix"] = prefix;
            // These tests are about what Redis decides; on a loaded machine the default 250 ms could push a decision
            // onto the failure policy. The outage tests set their own short timeout.
            settings["EdgeGateway:Redis:OperationTimeoutMs"] = "3000";
        }

        return settings;
    }

    internal static async Task<(HttpStatusCode Status, HttpResponseMessage Response, JsonNode? Body)> Send(GatewayTestHost host, string outTradeNo, string openId)
    {
        var response = await host.Client.PostAsync(Route, Payloads.Json(Payloads.JsapiPrepay(host.Keys.MchId, outTradeNo, openId: openId)));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response, text.Length > 0 ? JsonNode.Parse(text) : null);
    }

    [GeneratedRegex("(?<id>\"[^\"\\\\]+\");r=(?<r>\\d+);t=(?<t>\\d+)")]
    private static partial Regex StateItem();
}
