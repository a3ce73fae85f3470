using System.Net;
using System.Text.Json.Nodes;
using EdgeGateway.IntegrationTests.Infrastructure;

namespace EdgeGateway.IntegrationTests.Idempotency;

/// <summary>The guard when its Redis goes away: the route's policy decides (fail-closed by default).</summary>
public sealed class DuplicateGuardRedisOutageTests
{
    private const string Prepay = "/v3/pay/transactions/jsapi";

    [Theory]
    [InlineData("FailClosed", HttpStatusCode.ServiceUnavailable, 0)]
    [InlineData("FailOpen", HttpStatusCode.OK, 1)]
    public async Task RedisDown_FollowsThePolicy(string onRedisFailure, HttpStatusCode expected, int reachesWeChatPay)
    {
        await using var redis = await RedisServer.StartDedicatedAsync();
        await using var host = await GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["EdgeGateway:Redis:Configuration"] = redis.Endpoint,
            ["EdgeGateway:Redis:KeyPrefix"] = RedisServer.NewPrefix(nameof(RedisDown_FollowsThePolicy)),
            ["Policies:DuplicateGuards:payments:OnRedisFailure"] = onRedisFailure,
        });
        (await host.Client.PostAsync(Prepay, Payloads.Json(Payloads.JsapiPrepay(host.Keys.MchId, Payloads.NewOutTradeNo())))).EnsureSuccessStatusCode();
        await redis.KillAsync();
        host.Simulator.ClearRequests();

        using var response = await host.Client.PostAsync(Prepay, Payloads.Json(Payloads.JsapiPrepay(host.Keys.MchId, Payloads.NewOutTradeNo())));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(reachesWeChatPay, host.Simulator.CountRequests("POST", Prepay));
        if (expected == HttpStatusCode.ServiceUnavailable)
        {
            var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal("DEPENDENCY_UNAVAILABLE", (string?)error["code"]);
            Assert.Contains(host.Logs.Entries, e => e.EventId.Id == 1333);
        }
        else
        {
            Assert.Contains(host.Logs.Entries, e => e.EventId.Id == 1334);
        }
    }
}
