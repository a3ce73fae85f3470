using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator;
using static EdgeGateway.IntegrationTests.Callbacks.CallbackTestSupport;

namespace EdgeGateway.IntegrationTests.Drills;

/// <summary>
/// Fault drill: the gateway, running as its own process, is killed with SIGKILL while it is delivering callbacks to
/// a slow internal service and serving payments, and started again at once. Deliveries cut off by the kill are
/// claimed again after OrphanClaimAfter; callers and WeChat Pay see connections refused until the restart.
/// </summary>
[Collection(FaultDrillCollection.Name)]
public sealed class GatewayKillDrill
{
    [Fact]
    public async Task GatewayKilledWhileDelivering_RestartedAtOnce_NothingAcknowledgedLost_NoPaymentTwice()
    {
        var report = new DrillReport("gateway killed (SIGKILL) while delivering callbacks, restarted at once")
        {
            Notes = "gateway as its own process; internal service slow (200 ms); OrphanClaimAfter 6 s; guard LockTtl 20 s (shipped 60 s: a prepay cut off by the kill is refused 409 until its lock expires)",
        };
        await using var simulator = await SimulatorHost.StartAsync(TestKeys.Material.ToSimulatorOptions());
        await using var receiver = await CallbackReceiver.StartAsync();
        receiver.Delay = TimeSpan.FromMilliseconds(200);
        var settings = Settings(receiver.Url, await RedisServer.SharedAsync(), nameof(GatewayKillDrill),
            ("EdgeGateway:Callbacks:Concurrency", "4"),
            ("Policies:DuplicateGuards:payments:LockTtl", "00:00:20"));
        await using var gateway = await GatewayProcess.StartAsync(simulator.BaseAddress, settings);
        var ledger = new PrepayLedger();
        ledger.Follow(simulator);
        await using var traffic = new DrillTraffic(report, gateway.Address, simulator);
        traffic.Start();
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.True(await receiver.WaitForReceivedAsync(20, TimeSpan.FromSeconds(60)), "no deliveries were under way: " + gateway.Output);

        report.FaultStarted();
        await gateway.KillAsync();
        report.FaultEnded();
        await gateway.StartAsync();
        await DrillSupport.RunUntilRecoveredAsync(report, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(2));

        await DrillSupport.FinishAsync(report, traffic, receiver, ledger, () => gateway.Output);
        Assert.True(report.Count("callback", "no answer") + report.Count("prepay", "no answer") + report.Count("query", "no answer") > 0,
            "nobody noticed the gateway was gone: " + report);
    }
}
