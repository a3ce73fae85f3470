using System.Net;
using System.Text.Json.Nodes;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Merchants.Pkcs11;
using Net.Pkcs11Interop.Common;

namespace EdgeGateway.IntegrationTests.Pkcs11;

/// <summary>
/// Every session of the token closed underneath a running gateway (as an HSM fail-over or a token reset does):
/// the pool's sessions are invalid and the token logged out, and the next request reconnects and logs in again.
/// </summary>
public sealed class SessionsLostTests
{
    [Fact]
    public async Task Prepay_AllSessionsOfTheTokenClosedUnderneath_ReconnectsAndSigns()
    {
        var mchId = TestKeys.Material.MchId;
        await using var host = await GatewayTestHost.StartAsync(Pkcs11TestKeys.Settings(mchId, SoftHsm.ResetToken));
        using (var before = await Prepay(host, mchId))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        // The process's one instance of the library, so this closes the gateway's own sessions.
        Pkcs11Libraries.Get(SoftHsm.Library).GetSlotList(SlotsType.WithTokenPresent)
            .Single(s => Pkcs11SessionPool.Label(s) == SoftHsm.ResetToken).CloseAllSessions();

        using var after = await Prepay(host, mchId);
        Assert.True(after.StatusCode == HttpStatusCode.OK, await after.Content.ReadAsStringAsync());
        Assert.All(host.Simulator.Requests.Where(r => r.Target == "/v3/pay/transactions/jsapi"), r => Assert.True(r.SignatureAccepted));
        using var ready = await host.ManagementClient.GetAsync("/health/ready");
        var report = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!;
        Assert.Equal("Healthy", (string?)report["checks"]!["merchant-keys"]!["status"]);
    }

    private static Task<HttpResponseMessage> Prepay(GatewayTestHost host, string mchId) =>
        host.Client.PostAsync("/v3/pay/transactions/jsapi", Payloads.Json(Payloads.JsapiPrepay(mchId, Payloads.NewOutTradeNo())));
}
