using EdgeGateway.IntegrationTests.Infrastructure;
using static EdgeGateway.IntegrationTests.Callbacks.CallbackTestSupport;

namespace EdgeGateway.IntegrationTests.Drills;

/// <summary>
/// Fault drill: Redis (duplicate-payment guard, quotas, the callback stream) is killed with SIGKILL under mixed
/// prepay, query and callback traffic, and restarted. Redis runs as production should for callbacks (append-only
/// file, fsync on every write), so everything it acknowledged survives the restart.
/// </summary>
[Collection(FaultDrillCollection.Name)]
public sealed class RedisOutageDrill
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task RedisKilledUnderLoadAndRestarted_NothingAcknowledgedLost_NoPaymentTwice()
    {
        var report = new DrillReport("Redis killed (SIGKILL) under load, restarted after 3 s")
        {
            Notes = "redis-server with appendonly yes, appendfsync always; shipped policies (guard FailClosed, quotas FailOpen); internal service slow (250 ms, 2 delivery workers) so a backlog sits in Redis at the kill",
        };
        await using var redis = await RedisServer.StartDedicatedAsync(durable: true);
        // A slow internal service and few delivery workers: accepted callbacks pile up in Redis, so the kill
        // hits a backlog that exists only there.
        await using var receiver = await CallbackReceiver.StartAsync();
        receiver.Delay = TimeSpan.FromMilliseconds(250);
        await using var host = await GatewayTestHost.StartAsync(Settings(receiver.Url, redis, nameof(RedisOutageDrill),
            ("EdgeGateway:Callbacks:Concurrency", "2")));
        var ledger = new PrepayLedger();
        ledger.Follow(host.Simulator);
        await using var traffic = new DrillTraffic(report, host.Address, host.Simulator);
        traffic.Start();
        await Task.Delay(TimeSpan.FromSeconds(2));

        report.FaultStarted();
        await redis.KillAsync();
        await Task.Delay(Outage);
        report.FaultEnded();
        await redis.StartAsync();
        await DrillSupport.RunUntilRecoveredAsync(report, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(2));

        await DrillSupport.FinishAsync(report, traffic, receiver, ledger);
        Assert.True(report.Count("prepay", "503 DEPENDENCY_UNAVAILABLE") > 0 && report.Count("callback", "500") > 0,
            "the outage was not felt (the guard answers 503 and the ingress 500 while Redis is away): " + report);
    }
}
