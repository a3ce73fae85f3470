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
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1.5);

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

        report.FaultStarted();
        var random = new Random(71);
        root.Write("routes.json", Garbage(root.Original("routes.json"), random));
        await Task.Delay(Settle);
        root.Write("policies.json", Garbage(root.Original("policies.json"), random));
        await Task.Delay(Settle);
        root.Restore("policies.json");
        await Task.Delay(Settle);
        root.Restore("routes.json");
        report.FaultEnded();
        await Task.Delay(TimeSpan.FromSeconds(3));

        await DrillSupport.FinishAsync(report, traffic, receiver, ledger);
        Assert.Equal(report.Count("prepay"), report.Count("prepay", "200"));
        Assert.Equal(report.Count("query"), report.Count("query", "200"));
        Assert.Equal(report.Count("callback"), report.Count("callback", "204"));
        Assert.Contains(host.Logs.Entries, e => e.EventId.Id == EventIds.ConfigReloadRejected && e.Message.Contains("config/routes.json: file: the file is not valid JSON", StringComparison.Ordinal));
    }

    /// <summary>The start of the file, cut off mid-way and followed by noise: what a partial write or a bad paste leaves.</summary>
    private static string Garbage(string original, Random random) =>
        original[..(original.Length * 2 / 5)] + new string([.. Enumerable.Range(0, 64).Select(_ => (char)random.Next(0x21, 0x7E))]);
}
