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

        var warmUp = args.Seconds("warmup", 5);
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

        ReportWriter.Write(args.Get("report") ?? ReportWriter.DefaultDirectory, name, $"EdgeGateway load run: {name} → {targetName}", [result], notes,
            new RunVerdict(thresholds, breaches));
        foreach (var breach in breaches)
        {
            Console.Error.WriteLine("THRESHOLD BREACHED: " + breach);
        }

        return breaches.Count == 0 ? 0 : 1;
    }
}
