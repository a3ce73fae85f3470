using System.Globalization;
using System.Text;
using EdgeGateway.LoadTests.Bench;
using EdgeGateway.LoadTests.Processes;
using EdgeGateway.LoadTests.Reports;
using EdgeGateway.LoadTests.Runner;
using EdgeGateway.LoadTests.Scenarios;

namespace EdgeGateway.LoadTests.Commands;

/// <summary>
/// <c>soak</c>: the mixed scenario at a moderate constant rate for minutes, sampling the gateway process's
/// resident memory every 10 s, to show whether memory stays flat.
/// </summary>
internal static class SoakCommand
{
    public static async Task<int> RunAsync(CommandLine args, CancellationToken cancellationToken)
    {
        var rate = args.Double("rate") ?? 200;
        var duration = args.Seconds("duration", 300);
        await using var environment = await LoadEnvironment.StartAsync(gateway: true, bareProxy: false, redis: true, Settings.GatewaySettings());
        using var client = ProxyOverheadBenchmark.Client(environment.GatewayAddress!, Settings.ApiKey);
        var target = new ScenarioTarget("gateway", client, CallerSigns: false, environment.SimulatorAddress);
        var scenario = await ScenarioCatalog.CreateAsync("mixed", target, new SignedRequests(environment.Keys), cancellationToken);

        var samples = new List<(TimeSpan At, long Bytes)>();
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                samples.Add((clock.Elapsed, environment.Gateway!.WorkingSet));
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(10), sampling.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }, CancellationToken.None);

        var result = await new ScenarioRunner().RunAsync(scenario with { Name = "soak (mixed)" }, new ConstantRate(rate, duration), TimeSpan.FromSeconds(10), cancellationToken);
        await sampling.CancelAsync();
        await sampler;

        var notes = new StringBuilder("| t (s) | gateway RSS (MiB) |\n|---:|---:|\n");
        foreach (var (at, bytes) in samples)
        {
            notes.Append(CultureInfo.InvariantCulture, $"| {at.TotalSeconds:0} | {bytes / 1048576.0:0.0} |\n");
        }

        var steady = samples.Where(s => s.At > TimeSpan.FromSeconds(60)).Select(s => s.Bytes / 1048576.0).ToList();
        if (steady.Count > 1)
        {
            notes.Append(CultureInfo.InvariantCulture, $"\nAfter the first minute RSS ranged {steady.Min():0.0}–{steady.Max():0.0} MiB (first {steady[0]:0.0}, last {steady[^1]:0.0}).\n");
        }

        ReportWriter.Write(args.Get("report") ?? ReportWriter.DefaultDirectory, "soak", "EdgeGateway soak", [result], notes.ToString());
        return 0;
    }
}
