using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using EdgeGateway.IntegrationTests.Configuration;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator;

namespace EdgeGateway.IntegrationTests.Deployment;

/// <summary>
/// A ConfigMap update as the kubelet makes it — config/ holds symlinks into <c>..data</c>, and an update swaps
/// <c>..data</c> to a new folder in one rename — seen by the real process with the container image's polling watcher.
/// </summary>
public sealed class ConfigMapUpdateTests
{
    [Fact]
    public async Task SymlinkSwap_IsReloadedAsOneChange()
    {
        using var root = new TestContentRoot();
        var config = Path.Combine(root.Path, "config");
        var names = Directory.GetFiles(config, "*.json").Select(Path.GetFileName).ToArray();
        var first = Path.Combine(config, "..2026_11_27_01");
        Directory.CreateDirectory(first);
        foreach (var name in names)
        {
            File.Move(Path.Combine(config, name!), Path.Combine(first, name!));
            File.CreateSymbolicLink(Path.Combine(config, name!), Path.Combine("..data", name!));
        }

        Directory.CreateSymbolicLink(Path.Combine(config, "..data"), "..2026_11_27_01");
        await using var simulator = await SimulatorHost.StartAsync(TestKeys.Material.ToSimulatorOptions());
        await using var gateway = await GatewayProcess.StartAsync(simulator.BaseAddress, new Dictionary<string, string?>(), root.Path,
            new Dictionary<string, string> { ["DOTNET_USE_POLLING_FILE_WATCHER"] = "true" });
        var before = await ViewAsync(gateway);

        // The update: a new folder with the new files, then ..data swapped to it in one rename.
        var second = Path.Combine(config, "..2026_11_27_02");
        Directory.CreateDirectory(second);
        foreach (var name in names)
        {
            File.Copy(Path.Combine(first, name!), Path.Combine(second, name!));
        }

        var policies = JsonNode.Parse(File.ReadAllText(Path.Combine(second, "policies.json")))!;
        policies["Policies"]!["RateLimits"]!["bills"]!["PermitsPerSecond"] = 7;
        File.WriteAllText(Path.Combine(second, "policies.json"), policies.ToJsonString());
        Directory.CreateSymbolicLink(Path.Combine(config, "..data_tmp"), "..2026_11_27_02");
        using (var swap = Process.Start(new ProcessStartInfo("mv") { ArgumentList = { "-T", Path.Combine(config, "..data_tmp"), Path.Combine(config, "..data") } })!)
        {
            await swap.WaitForExitAsync();
            Assert.Equal(0, swap.ExitCode);
        }

        JsonNode after = before;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((string?)after["version"] == (string?)before["version"] && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            after = await ViewAsync(gateway);
        }

        Assert.NotEqual((string?)before["version"], (string?)after["version"]);
        Assert.True((bool)after["files_applied"]!);
        var expected = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(second, "policies.json"))));
        Assert.Equal(expected, (string?)after["files"]!["active"]!.AsArray().Single(f => (string?)f!["file"] == "config/policies.json")!["sha256"]);
    }

    private static async Task<JsonNode> ViewAsync(GatewayProcess gateway) =>
        JsonNode.Parse(await gateway.ManagementClient.GetStringAsync("/config"))!;
}
