using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator.Faults;
using static EdgeGateway.IntegrationTests.Callbacks.CallbackTestSupport;

namespace EdgeGateway.IntegrationTests.Drills;

/// <summary>
/// Fault drills of the WeChat Pay side: the stand-in (its own process) killed and restarted, slow beyond the route
/// timeout, answering garbage, resetting connections, each for a few seconds under load. Callbacks keep coming from
/// WeChat Pay's notification side (signed with the same keys in this process), which is not what fails here.
/// </summary>
[Collection(FaultDrillCollection.Name)]
public sealed class WeChatPayFaultDrills
{
    private const string Shortened = "route timeouts 2 s prepay, 4 s query (shipped 15 s, 5 s), breaker BreakDuration 3 s (shipped 30 s)";
    private static readonly TimeSpan FaultDuration = TimeSpan.FromSeconds(4);

    [Fact]
    public Task StandInKilledAndRestarted_NothingLost_NoPaymentTwice() => RunAsync(
        "WeChat Pay stand-in killed (SIGKILL), restarted after 4 s",
        "stand-in as its own process; it forgets its orders when killed, so a prepay it had processed is repeated after the restarted stand-in answers ORDER_NOT_EXIST",
        simulator => simulator.KillAsync(),
        simulator => simulator.StartAsync(),
        report => report.Count("prepay", "502 UPSTREAM_UNREACHABLE") + report.Count("prepay", "503 CIRCUIT_OPEN") > 0);

    [Fact]
    public Task StandInSlowerThanTheRouteTimeout_NothingLost_NoPaymentTwice() => RunAsync(
        "WeChat Pay stand-in slow (5 s per answer, above the route timeouts) for 4 s",
        "latency injected through PUT /simulator/faults",
        simulator => simulator.SetFaultsAsync(new FaultSettings { LatencyMs = 5000 }),
        simulator => simulator.SetFaultsAsync(new FaultSettings()),
        report => report.Count("prepay", "504 UPSTREAM_TIMEOUT") + report.Count("query", "504 UPSTREAM_TIMEOUT") > 0);

    [Fact]
    public Task StandInAnsweringGarbage_NothingLost_NoPaymentTwice() => RunAsync(
        "WeChat Pay stand-in answering garbage (200, unsigned HTML) for 4 s",
        "every answer withheld by the gateway as unverifiable",
        simulator => simulator.SetFaultsAsync(new FaultSettings { GarbageRate = 1 }),
        simulator => simulator.SetFaultsAsync(new FaultSettings()),
        report => report.Count("prepay", "502 UPSTREAM_SIGNATURE_INVALID") > 0);

    [Fact]
    public Task StandInResettingConnections_NothingLost_NoPaymentTwice() => RunAsync(
        "WeChat Pay stand-in resetting every connection for 4 s",
        "the request arrives, the connection is aborted without an answer",
        simulator => simulator.SetFaultsAsync(new FaultSettings { ConnectionResetRate = 1 }),
        simulator => simulator.SetFaultsAsync(new FaultSettings()),
        report => report.Count("prepay", "502 UPSTREAM_UNREACHABLE") + report.Count("prepay", "503 CIRCUIT_OPEN") > 0);

    private static async Task RunAsync(string drill, string notes, Func<SimulatorProcess, Task> startFault, Func<SimulatorProcess, Task> endFault,
        Func<DrillReport, bool> felt)
    {
        var report = new DrillReport(drill) { Notes = $"{notes}; {Shortened}" };
        await using var wechatPay = await SimulatorProcess.StartNewAsync();
        await using var receiver = await CallbackReceiver.StartAsync();
        var upstream = wechatPay.BaseAddress.ToString();
        await using var host = await GatewayTestHost.StartAsync(Settings(receiver.Url, await RedisServer.SharedAsync(), nameof(WeChatPayFaultDrills),
            ("ReverseProxy:Clusters:wechatpay:Destinations:primary:Address", upstream),
            ("ReverseProxy:Clusters:wechatpay:Destinations:backup:Address", upstream),
            ("ReverseProxy:Routes:pay-jsapi:Timeout", "00:00:02"),
            ("ReverseProxy:Routes:pay-query-by-out-trade-no:Timeout", "00:00:04"), // above the retry budget (3 × 1 s), as validation requires
            ("Policies:CircuitBreakers:wechatpay:BreakDuration", "00:00:03")));
        var ledger = new PrepayLedger();
        ledger.Follow(wechatPay);
        await using var traffic = new DrillTraffic(report, host.Address, host.Simulator);
        traffic.Start();
        await Task.Delay(TimeSpan.FromSeconds(2));

        report.FaultStarted();
        await startFault(wechatPay);
        await Task.Delay(FaultDuration);
        report.FaultEnded();
        await endFault(wechatPay);
        await DrillSupport.RunUntilRecoveredAsync(report, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(2));

        await DrillSupport.FinishAsync(report, traffic, receiver, ledger, () => wechatPay.Output);
        Assert.True(felt(report), "the fault was not felt by callers: " + report);
        Assert.True(ledger.Count > 0, "no prepay reached the stand-in");
    }
}
