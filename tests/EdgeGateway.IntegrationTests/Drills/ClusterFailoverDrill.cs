using System.Globalization;
using System.Net;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator;
using static EdgeGateway.IntegrationTests.Callbacks.CallbackTestSupport;

namespace EdgeGateway.IntegrationTests.Drills;

/// <summary>
/// Fault drill on a dedicated 6-node Redis Cluster: a callback storm and payments through 2 gateway instances (own
/// processes), and the primary that owns callback shard 0 — and a prepay's kept answer — is SIGKILLed mid-storm; its
/// replica is promoted (cluster-node-timeout 2 s), then the dead node is started again and rejoins as its replica. Every callback answered 2xx is delivered, none twice with
/// different content; the kept answer replayed before the failover is replayed after it; no prepay reaches WeChat
/// Pay twice.
/// </summary>
[Collection(FaultDrillCollection.Name)]
public sealed class ClusterFailoverDrill
{
    private const string Prepay = "/v3/pay/transactions/jsapi";

    [Fact]
    public async Task PrimaryKilledMidCallbackStorm_ReplicaPromoted_NothingAcknowledgedLost_KeptAnswerStillReplayed_NoPaymentTwice()
    {
        var report = new DrillReport("Redis Cluster primary (callback shard 0, a kept prepay answer) SIGKILLed mid-storm, replica promoted, then the dead node restarted as its replica")
        {
            Notes = "3 primaries + 3 replicas, cluster-node-timeout 2 s; 2 gateway processes, each with its own callers and WeChat Pay sender (a callback every 20 ms each); StreamShards 4, ReplicaAcks default (1)",
        };
        await using var cluster = await RedisCluster.StartDedicatedAsync();
        await using var simulator = await SimulatorHost.StartAsync(TestKeys.Material.ToSimulatorOptions());
        await using var receiver = await CallbackReceiver.StartAsync();
        var settings = Settings(receiver.Url, cluster, nameof(ClusterFailoverDrill),
            ("EdgeGateway:Callbacks:StreamShards", "4"),
            ("Policies:DuplicateGuards:payments:LockTtl", "00:00:20"));
        await using var first = await GatewayProcess.StartAsync(simulator.BaseAddress, settings);
        await using var second = await GatewayProcess.StartAsync(simulator.BaseAddress, settings);
        var ledger = new PrepayLedger();
        ledger.Follow(simulator);

        // A prepay whose kept answer lives on the primary that will die, replayed once before the failover.
        var victim = await cluster.PrimaryPortForAsync("{callbacks}:stream");
        var kept = await OutTradeNoOnAsync(cluster, victim);
        var keptAtWeChatPay = 0;
        simulator.Processed += request =>
        {
            if (request.Method == "POST" && request.Path == Prepay && request.OutTradeNo == kept)
            {
                Interlocked.Increment(ref keptAtWeChatPay);
            }
        };
        var body = Payloads.JsapiPrepay(TestKeys.Material.MchId, kept, openId: "drill-kept").ToJsonString();
        var original = await PrepayAsync(first, body);
        Assert.Equal(HttpStatusCode.OK, original.Status);
        var replayedBefore = await PrepayAsync(second, body);
        Assert.True(replayedBefore.Replayed, "the kept answer was not replayed before the failover");

        var answerKey = settings["EdgeGateway:Redis:KeyPrefix"] + $"dup:{{pay-jsapi|{TestKeys.Material.MchId}|{kept}}}:answer";
        await using var observer = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(cluster.Endpoint);
        var trail = new List<string>();
        async Task Observe(string when)
        {
            // Where the kept answer is at each step (the observer's own multiplexer may need a moment to follow the failover).
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    trail.Add($"{when}: {(await observer.GetDatabase().KeyExistsAsync(answerKey) ? "kept" : "MISSING")}");
                    return;
                }
                catch (StackExchange.Redis.RedisException) when (attempt < 10)
                {
                    await Task.Delay(500);
                }
                catch (StackExchange.Redis.RedisException ex)
                {
                    trail.Add($"{when}: unreadable ({ex.GetType().Name})");
                    return;
                }
            }
        }
        await Observe("before");

        await using var trafficA = new DrillTraffic(report, first.Address, simulator);
        await using var trafficB = new DrillTraffic(report, second.Address, simulator);
        trafficA.Start(payers: 2, TimeSpan.FromMilliseconds(20));
        trafficB.Start(payers: 2, TimeSpan.FromMilliseconds(20));
        Assert.True(await receiver.WaitForProcessedAsync(40, TimeSpan.FromSeconds(30)), "no callbacks were delivered before the fault: " + first.Output);

        report.FaultStarted();
        await cluster.KillAsync(victim);
        await cluster.WaitForFailoverAsync(victim, TimeSpan.FromSeconds(30));
        var promotedAt = report.Count("callback", "204");
        await Observe("promoted");
        // The promoted replica has no replica of its own: with ReplicaAcks 1 its shard answers 500 (WeChat Pay re-sends)
        // until the dead node is back, as the replica of the new primary.
        await cluster.RestartAsync(victim, TimeSpan.FromSeconds(30));
        await Observe("restarted");
        report.FaultEnded();
        await DrillSupport.RunUntilRecoveredAsync(report, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(3));

        var replayedAfter = await PrepayAsync(first, body);
        await trafficA.StopAsync();
        await trafficB.StopAsync();
        var acknowledged = trafficA.Acknowledged.Concat(trafficB.Acknowledged).ToHashSet(StringComparer.Ordinal);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (acknowledged.Any(id => !receiver.Processed.ContainsKey(id)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        report.LostCallbacks = acknowledged.Count(id => !receiver.Processed.ContainsKey(id));
        report.DoubleSubmitted = ledger.DoubleSubmitted;
        var conflicting = receiver.Received.Where(r => r.Accepted && r.IdempotencyKey is not null).GroupBy(r => r.IdempotencyKey)
            .Count(g => g.Select(r => r.Body).Distinct(StringComparer.Ordinal).Count() > 1);
        var keptReachedWeChatPay = Volatile.Read(ref keptAtWeChatPay);
        report.Notes += string.Create(CultureInfo.InvariantCulture,
            $"; 204s by the promotion: {promotedAt}; callbacks acknowledged {acknowledged.Count}, delivered {acknowledged.Count(receiver.Processed.ContainsKey)}, delivered again (same content) {receiver.Duplicates}, again with different content {conflicting}; kept answer replayed after failover: {(replayedAfter.Replayed ? "yes" : "no (" + replayedAfter.Status + ")")}, that prepay at WeChat Pay ×{keptReachedWeChatPay} (answer key {string.Join(", ", trail)})");
        await report.WriteAsync();

        var context = $"{report}{Environment.NewLine}{first.Output}{Environment.NewLine}{second.Output}";
        Assert.True(acknowledged.Count > 0 && trafficA.Orders + trafficB.Orders > 0, "the drill sent no traffic: " + context);
        Assert.True(report.LostCallbacks == 0, $"{report.LostCallbacks} of {acknowledged.Count} acknowledged callbacks were never delivered: {context}");
        Assert.True(conflicting == 0, $"{conflicting} callbacks were delivered twice with different content: {context}");
        Assert.True(report.DoubleSubmitted.Count == 0, $"payments processed twice by WeChat Pay: {string.Join(", ", report.DoubleSubmitted)}: {context}");
        Assert.True(replayedAfter.Replayed, $"the kept answer was not replayed after the failover ({replayedAfter.Status}): {context}");
        Assert.Equal(1, keptReachedWeChatPay);
        Assert.True(trafficA.Unresolved + trafficB.Unresolved == 0, "orders ended with an unknown outcome: " + context);
        Assert.True(report.Recovery is not null, "some kind of request never succeeded again after the failover: " + context);
        // The kill was felt: callbacks of the dead primary's shard were refused (500) until the replica took over.
        Assert.True(report.Count("callback", "5") > 0, "no callback was refused while the primary was down: " + context);
    }

    /// <summary>An out_trade_no whose duplicate-guard keys (hash tag {route|mchid|number}) live on <paramref name="port"/>.</summary>
    private static async Task<string> OutTradeNoOnAsync(RedisCluster cluster, int port)
    {
        for (var i = 0; i < 200; i++)
        {
            var candidate = Payloads.NewOutTradeNo("DK");
            if (await cluster.PrimaryPortForAsync($"{{pay-jsapi|{TestKeys.Material.MchId}|{candidate}}}") == port)
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"no out_trade_no of 200 hashed to the primary on {port}");
    }

    private static async Task<(HttpStatusCode Status, bool Replayed)> PrepayAsync(GatewayProcess gateway, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Prepay) { Content = Payloads.Json(body) };
        request.Headers.Add("X-Api-Key", GatewayTestHost.DefaultApiKey);
        using var response = await gateway.Client.SendAsync(request);
        return (response.StatusCode, response.Headers.TryGetValues("Idempotent-Replayed", out var values) && values.Contains("true"));
    }
}
