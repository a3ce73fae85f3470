using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Telemetry;
using static EdgeGateway.IntegrationTests.Callbacks.CallbackTestSupport;

namespace EdgeGateway.IntegrationTests.Drills;

/// <summary>
/// Fault drill: the files of config/ are corrupted while a hot reload is watching them and traffic flows. The last
/// good configuration must keep serving every request; a valid edit of another file meanwhile must not apply an
/// emptied copy of the broken one; once the files are good again nothing has changed for callers.
/// </summary>
[Collection(FaultDrillCollection.Name)]
public sealed class ConfigCorruptionDrill
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task RoutesAndPoliciesCorruptedUnderLoad_LastGoodConfigurationKeepsServing_NothingLost()
    {
        var report = new DrillReport("config/routes.json and config/policies.json corrupted during hot reload")
        {
            Notes = "garbage written into routes.json, then policies.json; policies.json restored first (a valid reload while routes.json is still broken), then routes.json",
        };
        using var root = ContentRootCopy.Create();
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var host = await GatewayTestHost.StartAsync(Settings(receiver.Url, await RedisServer.SharedAsync(), nameof(ConfigCorruptionDrill)),
            contentRoot: root.Directory);
        var ledger = new PrepayLedger();
        ledger.Follow(host.Simulator);
        await using var traffic = new DrillTraffic(report, host.Address, host.Simulator);
        traffic.Start();
        await Task.Delay(TimeSpan.FromSeconds(2));

        // Each step waits until the gateway has seen the edit (its reload was rejected), whatever the file watcher's pace.
        report.FaultStarted();
        var random = new Random(71);
        root.Write("routes.json", Garbage(root.Original("routes.json"), random));
        await WaitForRejectionAsync(host, "config/routes.json: file: the file is not valid JSON");
        root.Write("policies.json", Garbage(root.Original("policies.json"), random));
        await WaitForRejectionAsync(host, "config/policies.json: file: the file is not valid JSON");
        root.Restore("policies.json");
        await WaitForRejectionAsync(host, "config/routes.json: file: the file is not valid JSON", unless: "config/policies.json");
        await Task.Delay(Settle);
        root.Restore("routes.json");
        report.FaultEnded();
        await Task.Delay(TimeSpan.FromSeconds(3));

        await DrillSupport.FinishAsync(report, traffic, receiver, ledger);
        // What a lost configuration would show: no route (404), no policy, an exception. On a loaded machine Redis may
        // still miss its 250 ms budget now and then (503 DEPENDENCY_UNAVAILABLE, a callback 500): that is not this fault.
        var unrelated = report.Count("prepay", "503 DEPENDENCY_UNAVAILABLE") + report.Count("callback", "500") + report.Count("callback", "no answer");
        Assert.True(report.Count("prepay") + report.Count("query") + report.Count("callback")
                    == report.Count("prepay", "200") + report.Count("query", "200") + report.Count("callback", "204") + unrelated,
            "requests failed while the configuration was broken: " + report);
    }

    /// <summary>Waits for a new rejected reload (event 1021) naming <paramref name="problem"/> and not <paramref name="unless"/>.</summary>
    private static async Task WaitForRejectionAsync(GatewayTestHost host, string problem, string? unless = null)
    {
        var seen = host.Logs.Entries.Count;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!host.Logs.Entries.Skip(seen).Any(e => e.EventId.Id == EventIds.ConfigReloadRejected
                   && e.Message.Contains(problem, StringComparison.Ordinal) && (unless is null || !e.Message.Contains(unless, StringComparison.Ordinal))))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the gateway never reported a rejected reload with '{problem}'");
            await Task.Delay(50);
        }
    }

    /// <summary>The start of the file, cut off mid-way and followed by noise: what a partial write or a bad paste leaves.</summary>
    private static string Garbage(string original, Random random) =>
        original[..(original.Length * 2 / 5)] + new string([.. Enumerable.Range(0, 64).Select(_ => (char)random.Next(0x21, 0x7E))]);
}
