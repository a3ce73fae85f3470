using System.Text.Json.Nodes;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator;
using static EdgeGateway.IntegrationTests.Callbacks.CallbackTestSupport;

namespace EdgeGateway.IntegrationTests.Callbacks;

/// <summary>
/// No loss across a crash: the gateway runs as its own process, accepts callbacks while the internal
/// service is down, is killed with SIGKILL in the middle of delivering, and is started again.
/// </summary>
public sealed class CallbackCrashRecoveryTests
{
    private const int Callbacks = 1000;

    [Theory]
    [MemberData(nameof(RedisTopologies.Both), MemberType = typeof(RedisTopologies))]
    public async Task ReceiverDown_ThousandCallbacksAccepted_GatewayKilledWhileDelivering_EveryIdProcessedOnceAfterRestart(string topology)
    {
        await using var simulator = await SimulatorHost.StartAsync(TestKeys.Material.ToSimulatorOptions());
        await using var receiver = CallbackReceiver.Create(); // not started: deliveries are refused
        var settings = Settings(receiver.Url, await RedisTopologies.SharedAsync(topology), nameof(CallbackCrashRecoveryTests),
            ("EdgeGateway:Callbacks:MaxAttempts", "10000"),
            ("EdgeGateway:Callbacks:Concurrency", "16"),
            ("EdgeGateway:Callbacks:InitialBackoff", "00:00:00.200"),
            ("EdgeGateway:Callbacks:MaxBackoff", "00:00:01"),
            ("EdgeGateway:Callbacks:DeliveryTimeout", "00:00:02"),
            ("EdgeGateway:Callbacks:OrphanClaimAfter", "00:00:04"));
        await using var gateway = await GatewayProcess.StartAsync(simulator.BaseAddress, settings);

        var envelopes = Enumerable.Range(0, Callbacks).Select(i => Envelope(simulator, Transaction($"CRASH{i:D6}"))).ToArray();
        var statuses = new int[Callbacks];
        await Parallel.ForEachAsync(Enumerable.Range(0, Callbacks), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, _) => statuses[i] = (await SendAsync(simulator, gateway.Address, envelopes[i])).Status);
        Assert.True(statuses.All(s => s == 204), $"{statuses.Count(s => s != 204)} callbacks were not accepted; gateway output:{Environment.NewLine}{gateway.Output}");

        // The receiver comes up answering 503: the gateway is busy retrying deliveries when it is killed.
        receiver.Status = 503;
        await receiver.StartAsync();
        Assert.True(await receiver.WaitForReceivedAsync(100, TimeSpan.FromSeconds(30)), "no delivery attempts reached the receiver");
        await gateway.KillAsync();

        await gateway.StartAsync();
        receiver.Status = 200;

        var all = await receiver.WaitForProcessedAsync(Callbacks, TimeSpan.FromSeconds(120));
        Assert.True(all, $"{receiver.Processed.Count} of {Callbacks} callbacks processed; gateway output:{Environment.NewLine}{gateway.Output}");
        Assert.Equal(envelopes.Select(IdOf).Order(), receiver.Processed.Keys.Order());
        foreach (var (envelope, i) in envelopes.Select((e, i) => (e, i)))
        {
            var resource = JsonNode.Parse(receiver.Processed[IdOf(envelope)].Body)!["resource"]!;
            Assert.Equal($"CRASH{i:D6}", (string?)resource["out_trade_no"]);
        }

        var drained = await EventuallyAsync(async () =>
        {
            var stats = JsonNode.Parse(await gateway.ManagementClient.GetStringAsync("/callbacks/stats"))!;
            return (long?)stats["queued"] == 0 && (long?)stats["in_delivery"] == 0 && (long?)stats["scheduled_retries"] == 0 && (long?)stats["dead_letters"] == 0;
        }, TimeSpan.FromSeconds(30));
        Assert.True(drained, "events were left in the store after every callback was delivered");
    }
}
