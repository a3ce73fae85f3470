using EdgeGateway.LoadTests.Benchmarks;
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
    public static async Task<int> RunAsync(RunOptions options, CancellationToken cancellationToken)
    {
        var (name, targetName, simulation, warmUp, thresholds) = (options.Scenario, options.Target, options.Simulation, options.WarmUp, options.Thresholds);
        var settings = Settings.GatewaySettings();
        await using var receiver = name == ScenarioCatalog.CallbackStorm ? await CallbackReceiver.StartAsync() : null;
        if (receiver is not null)
        {
            settings[$"Callbacks:{ScenarioCatalog.CallbackRouteName}:MchId"] = LoadEnvironment.LoadKeys().MchId;
            settings[$"Callbacks:{ScenarioCatalog.CallbackRouteName}:TargetUrl"] = receiver.Address.ToString();
        }

        await using var environment = await LoadEnvironment.StartAsync(gateway: targetName == "gateway", bareProxy: targetName == "bare", redis: targetName == "gateway",
            settings);
        var address = targetName switch
        {
            "gateway" => environment.GatewayAddress!,
            "bare" => environment.BareProxyAddress!,
            "direct" => environment.SimulatorAddress,
            _ => throw new ArgumentException($"Unknown target '{targetName}'; use gateway, bare or direct."),
        };
        using var client = ProxyOverheadBenchmark.Client(address, targetName == "gateway" ? Settings.ApiKey : null);
        var planned = simulation is ClosedModel ? 0 : simulation.PlannedRequests + (long)Math.Ceiling(simulation.RateAt(TimeSpan.Zero) * warmUp.TotalSeconds);
        var target = new ScenarioTarget(targetName, client, CallerSigns: targetName != "gateway", environment.SimulatorAddress, planned);
        var scenario = await ScenarioCatalog.CreateAsync(name, target, new SignedRequests(environment.Keys), cancellationToken);
        var accepted = 0L;
        var step = scenario.Step;
        scenario = scenario with
        {
            Step = async (n, ct) =>
            {
                var outcome = await step(n, ct);
                if (outcome.Status is >= 200 and < 300)
                {
                    Interlocked.Increment(ref accepted);
                }

                return outcome;
            },
        };
        var result = await new ScenarioRunner().RunAsync(scenario, simulation, warmUp, cancellationToken);

        string? notes = null;
        var breaches = thresholds.Check(result);
        if (receiver is not null)
        {
            // A callback the gateway answered 2xx is its to deliver: every one must reach the internal service.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var all = await receiver.WaitForAsync(Interlocked.Read(ref accepted), TimeSpan.FromSeconds(60), cancellationToken);
            notes = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Callbacks answered 2xx by the gateway (warm-up included): {accepted}. Delivered to the internal service: {receiver.Distinct} distinct ({receiver.Deliveries} deliveries), the last {clock.Elapsed.TotalSeconds:0.0} s after the load stopped.");
            Console.WriteLine(notes);
            if (!all)
            {
                breaches = [.. breaches, $"{accepted - receiver.Distinct} accepted callbacks were not delivered within 60 s of the end of the run"];
            }
        }

        ReportWriter.Write(options.ReportDirectory, name, $"EdgeGateway load run: {name} → {targetName}", [result], notes,
            new RunVerdict(thresholds, breaches));
        foreach (var breach in breaches)
        {
            Console.Error.WriteLine("THRESHOLD BREACHED: " + breach);
        }

        return breaches.Count == 0 ? 0 : 1;
    }
}

/// <summary>
/// What <c>run</c> was asked for: the scenario, the target (gateway, bare or direct), the load model, the warm-up before
/// it, the thresholds that fail the run and the reports' directory.
/// </summary>
internal sealed record RunOptions(string Scenario, string Target, LoadSimulation Simulation, TimeSpan WarmUp, Thresholds Thresholds, string ReportDirectory);
