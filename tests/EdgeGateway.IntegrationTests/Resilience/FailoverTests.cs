using System.Net;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator;
using EdgeGateway.Simulator.Faults;
using static EdgeGateway.IntegrationTests.Resilience.ResilienceTestSupport;

namespace EdgeGateway.IntegrationTests.Resilience;

/// <summary>Failover from the primary to the backup domain on network-level failure, and back.</summary>
public sealed class FailoverTests
{
    private const string Prepay = "/v3/pay/transactions/jsapi";

    private static Dictionary<string, string?> PrimaryAt(int port, Uri backup, string reactivation = "00:05:00") => new()
    {
        ["ReverseProxy:Clusters:wechatpay:Destinations:primary:Address"] = $"http://127.0.0.1:{port}/",
        ["ReverseProxy:Clusters:wechatpay:Destinations:backup:Address"] = backup.ToString(),
        ["ReverseProxy:Clusters:wechatpay:HealthCheck:Passive:ReactivationPeriod"] = reactivation,
    };

    [Fact]
    public async Task PrimaryRefusesConnections_PrepaySucceedsThroughBackup_WhichSeesExactlyOneCall()
    {
        await using var backup = await SimulatorHost.StartAsync(TestKeys.Material.ToSimulatorOptions());
        using var primary = GatewayTestHost.RefuseConnections();
        await using var host = await GatewayTestHost.StartAsync(PrimaryAt(primary.Port, backup.BaseAddress));
        var outTradeNo = Payloads.NewOutTradeNo();

        var failovers = await CountAsync(host, "edgegateway.failover.requests", "to", async () =>
        {
            using var response = await host.Client.PostAsync(Prepay, Payloads.Json(Payloads.JsapiPrepay(host.Keys.MchId, outTradeNo)));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(backup.Store.FindOrder(host.Keys.MchId, outTradeNo)!.PrepayId, (string?)(await JsonAsync(response))["prepay_id"]);
        });

        var seen = Assert.Single(backup.Requests);
        Assert.True(seen.SignatureAccepted);
        Assert.Equal(Prepay, seen.Target);
        Assert.Equal(1, failovers.GetValueOrDefault("backup"));
        Assert.Single(host.Logs.Entries, e => e.EventId.Id == 1320);
    }

    [Fact]
    public async Task Failover_ResendsTheIdenticalBodyBytes()
    {
        await using var backup = await SimulatorHost.StartAsync(TestKeys.Material.ToSimulatorOptions());
        await using var relay = new RecordingRelay(backup.BaseAddress);
        using var primary = GatewayTestHost.RefuseConnections();
        await using var host = await GatewayTestHost.StartAsync(PrimaryAt(primary.Port, relay.Address));

        var body = Payloads.UnusualJsapiPrepay(host.Keys.MchId, Payloads.NewOutTradeNo());
        using var content = Payloads.JsonBytes(body);

        using var response = await host.Client.PostAsync(Prepay, content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(relay.Received.Length > 0, "no HTTP request reached the backup");
        Payloads.AssertWirePost(relay.Received, Prepay, body);
        Assert.True(Assert.Single(backup.Requests).SignatureAccepted);
    }

    [Fact]
    public async Task AfterFailover_PrimaryIsOutOfRotation_NextRequestsGoStraightToBackup()
    {
        await using var backup = await SimulatorHost.StartAsync(TestKeys.Material.ToSimulatorOptions());
        using var primary = GatewayTestHost.RefuseConnections();
        await using var host = await GatewayTestHost.StartAsync(PrimaryAt(primary.Port, backup.BaseAddress));

        for (var i = 0; i < 3; i++)
        {
            using var response = await host.Client.PostAsync(Prepay, Payloads.Json(Payloads.JsapiPrepay(host.Keys.MchId, Payloads.NewOutTradeNo(), openId: NewPayer())));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            if (i == 0)
            {
                // YARP recomputes the available destinations in the background after a health change.
                var proxy = host.Service<Yarp.ReverseProxy.IProxyStateLookup>();
                Assert.True(proxy.TryGetCluster("wechatpay", out var cluster));
                Assert.True(await EventuallyAsync(() => Task.FromResult(cluster.DestinationsState.AvailableDestinations.All(d => d.DestinationId != "primary")),
                    TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(20)), "the primary was not taken out of rotation");
            }
        }

        Assert.Equal(3, backup.CountRequests("POST", Prepay));
        Assert.Single(host.Logs.Entries, e => e.EventId.Id == 1320); // only the first request had to fail over
        using var view = await host.ManagementClient.GetAsync("/resilience");
        var destinations = (await JsonAsync(view))["clusters"]![0]!["destinations"]!.AsArray();
        Assert.Contains(destinations, d => (string?)d!["destination"] == "primary" && (string?)d["passive_health"] == "Unhealthy" && !(bool)d["available"]!);
        Assert.Contains(destinations, d => (string?)d!["destination"] == "backup" && (bool)d["available"]!);
    }

    [Fact]
    public async Task AfterReactivationPeriod_TrafficReturnsToThePrimaryOnceItAnswers()
    {
        var primaryPort = GatewayTestHost.FreePort();
        await using var backup = await SimulatorHost.StartAsync(TestKeys.Material.ToSimulatorOptions());
        await using var host = await GatewayTestHost.StartAsync(PrimaryAt(primaryPort, backup.BaseAddress, reactivation: "00:00:01"));
        (await host.Client.PostAsync(Prepay, Payloads.Json(Payloads.JsapiPrepay(host.Keys.MchId, Payloads.NewOutTradeNo(), openId: NewPayer()))))
            .EnsureSuccessStatusCode();
        Assert.Equal(1, backup.CountRequests("POST", Prepay));

        // The primary comes back on its address; once its reactivation period is over it takes the traffic again.
        await using var primary = await SimulatorHost.StartAsync(TestKeys.Material.ToSimulatorOptions(), $"http://127.0.0.1:{primaryPort}");
        Assert.True(await EventuallyAsync(async () =>
        {
            using var response = await host.Client.PostAsync(Prepay, Payloads.Json(Payloads.JsapiPrepay(host.Keys.MchId, Payloads.NewOutTradeNo(), openId: NewPayer())));
            response.EnsureSuccessStatusCode();
            return primary.CountRequests("POST", Prepay) > 0;
        }, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200)), "traffic never returned to the primary");

        var backupCalls = backup.CountRequests("POST", Prepay);
        using (var again = await host.Client.PostAsync(Prepay, Payloads.Json(Payloads.JsapiPrepay(host.Keys.MchId, Payloads.NewOutTradeNo(), openId: NewPayer()))))
        {
            again.EnsureSuccessStatusCode();
        }

        Assert.Equal(backupCalls, backup.CountRequests("POST", Prepay));
        Assert.Equal(2, primary.CountRequests("POST", Prepay));
    }

    [Fact]
    public async Task PrimaryAnswersWithErrors_NeverFailsOver()
    {
        await using var backup = await SimulatorHost.StartAsync(TestKeys.Material.ToSimulatorOptions());
        await using var host = await GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:wechatpay:Destinations:backup:Address"] = backup.BaseAddress.ToString(),
        });
        host.Simulator.Faults.Current = new FaultSettings { ServerErrorRate = 1, PathPrefix = Prepay };

        using (var serverError = await host.Client.PostAsync(Prepay, Payloads.Json(Payloads.JsapiPrepay(host.Keys.MchId, Payloads.NewOutTradeNo(), openId: NewPayer()))))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, serverError.StatusCode);
        }

        host.Simulator.Faults.Reset();
        using (var business = await host.Client.PostAsync(Prepay, Payloads.Json(Payloads.JsapiPrepay("1900000001", Payloads.NewOutTradeNo(), total: 0))))
        {
            Assert.True(HttpStatusCode.BadRequest == business.StatusCode, await business.Content.ReadAsStringAsync()); // PARAM_ERROR from WeChat Pay: amount.total must be positive
        }

        host.Simulator.Faults.Current = new FaultSettings { ConnectionResetRate = 1, PathPrefix = Prepay };
        using (var reset = await host.Client.PostAsync(Prepay, Payloads.Json(Payloads.JsapiPrepay(host.Keys.MchId, Payloads.NewOutTradeNo(), openId: NewPayer()))))
        {
            Assert.Equal(HttpStatusCode.BadGateway, reset.StatusCode); // it may have arrived: not re-sent anywhere
        }

        Assert.Equal(3, host.Simulator.CountRequests("POST", Prepay));
        Assert.Empty(backup.Requests);
    }

    [Fact]
    public async Task QueryToUnreachablePrimary_IsFreshlySignedAndAnsweredByBackup()
    {
        await using var backup = await SimulatorHost.StartAsync(TestKeys.Material.ToSimulatorOptions());
        using var primary = GatewayTestHost.RefuseConnections();
        await using var host = await GatewayTestHost.StartAsync(PrimaryAt(primary.Port, backup.BaseAddress));

        using var response = await host.Client.GetAsync($"/v3/pay/transactions/out-trade-no/T0000000000042?mchid={host.Keys.MchId}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("ORDER_NOT_EXIST", (string?)(await JsonAsync(response))["code"]);
        Assert.True(Assert.Single(backup.Requests).SignatureAccepted);
    }

    /// <summary>A payer of its own for each order, so the per-payer quota never answers in place of WeChat Pay.</summary>
    private static string NewPayer() => "oPayer" + Guid.NewGuid().ToString("N")[..20];
}
