using EdgeGateway.LoadTests;
using EdgeGateway.LoadTests.Benchmarks;
using EdgeGateway.LoadTests.Benchmarks.Hosts;
using EdgeGateway.LoadTests.Commands;
using EdgeGateway.LoadTests.Scenarios;

// dotnet run -c Release --project loadtests -- <command> [options]; see loadtests/README.md.
var args2 = new CommandLine(args);
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

// A runner stopped by SIGTERM (timeout, kill) still ends its run and kills the processes it started.
using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancel.Cancel();
});

try
{
    switch (args2.Positional(0))
    {
        case "list":
            foreach (var (name, description) in ScenarioCatalog.Descriptions)
            {
                Console.WriteLine($"{name,-16} {description}");
            }

            return 0;
        case "run":
            return await RunCommand.RunAsync(args2, cancel.Token);
        case "bench":
            return await ProxyOverheadBenchmark.RunAsync(new BenchOptions
            {
                Rates = args2.Get("rates")?.Split(',').Select(r => int.Parse(r, System.Globalization.CultureInfo.InvariantCulture)).ToList() ?? [100, 300, 500],
                Duration = args2.Seconds("duration", 20),
                WarmUp = args2.Seconds("warmup", 5),
                MaxRateLimit = args2.Int("max-rate-limit") ?? 3000,
                ApiKey = Settings.ApiKey,
                GatewaySettings = Settings.GatewaySettings(),
            }, cancel.Token);
        case "soak":
            return await SoakCommand.RunAsync(args2, cancel.Token);
        case "bare-proxy":
            return await BareProxyHost.RunAsync(args);
        case "static-upstream":
            return await StaticUpstreamHost.RunAsync(args);
        case CostBenchmark.Name:
            return await CostBenchmark.RunAsync(args2, cancel.Token);
        case "quota-decisions":
            return await QuotaDecisionBenchmark.RunAsync(args[1..]);
        case "resilience":
            return await ResilienceBenchmark.RunAsync();
        case "callbacks":
            return await CallbackIngressBenchmark.RunAsync(args[1..]);
        case TracingOverheadBenchmark.Name:
            return await TracingOverheadBenchmark.RunAsync(args[1..], cancel.Token);
        case CpuBreakdownBenchmark.Name:
            return await CpuBreakdownBenchmark.RunAsync(args2, cancel.Token);
        case "polling-storm":
            return await PollingStormBenchmark.RunAsync(args2, cancel.Token);
        case "config-reload":
            return await ConfigReloadBenchmark.RunAsync();
        case TokenSigningBenchmark.Name:
            return TokenSigningBenchmark.Run(args2);
        default:
            Console.Error.WriteLine("usage: list | run <scenario> [--target gateway|bare|direct] [--rate N | --ramp A:B | --closed N] [--duration S] [--warmup S] [--p99-max-ms X] [--max-error-rate R] [--min-achieved F] | bench [--rates 100,300,500] [--duration S] | soak [--rate N] [--duration S] | quota-decisions [--redis HOST:PORT | --cluster HOST:PORT,…] [--seconds S] | callbacks | resilience | tracing-overhead [--rate N] [--seconds S] [--warmup S] [--rounds N] | cpu-breakdown [--rate N] [--duration S] [--warmup S] [--rounds N] | cost [--copies N] [--duration S] [--warmup S] [--rounds N] [--setups bare,shipped,memory,no-tracing,warning] | polling-storm | config-reload | token-signing [--seconds S] [--rounds N] [--threads T] [--sessions N] [--library PATH]");
            return 2;
    }
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.Error.WriteLine("Stopped before the end: no figures were written; the processes this run started are gone.");
    return 130;
}
