using EdgeGateway.LoadTests.Bench;
using EdgeGateway.LoadTests.Processes;
using EdgeGateway.LoadTests.Reports;
using EdgeGateway.LoadTests.Runner;
using EdgeGateway.LoadTests.Scenarios;

namespace EdgeGateway.LoadTests.Commands;

/// <summary>
/// <c>run &lt;scenario&gt;</c>: starts the simulator, redis-server and the gateway as processes on loopback,
/// runs one scenario under one load simulation, writes the reports and fails on breached thresholds.
/// </summary>
internal static class RunCommand
{
    public static async Task<int> RunAsync(CommandLine args, CancellationToken cancellationToken)
    {
        var name = args.Positional(1) ?? throw new ArgumentException("run needs a scenario name; `list` shows them.");
        var targetName = args.Get("target") ?? "gateway";
        var duration = args.Seconds("duration", 30);
        LoadSimulation simulation = args.Int("closed") is { } copies ? new ClosedModel(copies, duration)
            : args.Get("ramp") is { } ramp ? new RampingRate(double.Parse(ramp.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture),
                double.Parse(ramp.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture), duration)
            : new ConstantRate(args.Double("rate") ?? 100, duration);
        var thresholds = new Thresholds(args.Double("p99-max-ms"), args.Double("max-error-rate"), args.Double("min-achieved"));

        await using var environment = await LoadEnvironment.StartAsync(gateway: targetName == "gateway", bareProxy: targetName == "bare", redis: targetName == "gateway",
            Settings.GatewaySettings());
        var address = targetName switch
        {
            "gateway" => environment.GatewayAddress!,
            "bare" => environment.BareProxyAddress!,
            "direct" => environment.SimulatorAddress,
            _ => throw new ArgumentException($"Unknown target '{targetName}'; use gateway, bare or direct."),
        };
        using var client = ProxyOverheadBenchmark.Client(address, targetName == "gateway" ? Settings.ApiKey : null);
        var target = new ScenarioTarget(targetName, client, CallerSigns: targetName != "gateway", environment.SimulatorAddress);
        var scenario = await ScenarioCatalog.CreateAsync(name, target, new SignedRequests(environment.Keys), cancellationToken);
        var result = await new ScenarioRunner().RunAsync(scenario, simulation, args.Seconds("warmup", 5), cancellationToken);

        ReportWriter.Write(args.Get("report") ?? ReportWriter.DefaultDirectory, name, $"EdgeGateway load run: {name} → {targetName}", [result]);
        var breaches = thresholds.Check(result);
        foreach (var breach in breaches)
        {
            Console.Error.WriteLine("THRESHOLD BREACHED: " + breach);
        }

        return breaches.Count == 0 ? 0 : 1;
    }
}
