using System.Globalization;
using System.Text;
using EdgeGateway.LoadTests.Benchmarks;
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
    public static async Task<int> RunAsync(SoakOptions options, CancellationToken cancellationToken)
    {
        var (rate, duration) = (options.Rate, options.Duration);
        await using var environment = await LoadEnvironment.StartAsync(gateway: true, bareProxy: false, redis: true, Settings.GatewaySettings());
        using var client = ProxyOverheadBenchmark.Client(environment.GatewayAddress!, Settings.ApiKey);
        var target = new ScenarioTarget("gateway", client, CallerSigns: false, environment.SimulatorAddress);
        var scenario = await ScenarioCatalog.CreateAsync("mixed", target, new SignedRequests(environment.Keys), cancellationToken);

        using var management = new HttpClient { BaseAddress = environment.GatewayManagementAddress, Timeout = TimeSpan.FromSeconds(5) };
        var samples = new List<(TimeSpan At, long Bytes, long? Heap)>();
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                samples.Add((clock.Elapsed, environment.Gateway!.WorkingSet, await ManagedHeapAsync(management)));
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

        var notes = new StringBuilder("| t (s) | gateway RSS (MiB) | managed heap after the last GC (MiB) |\n|---:|---:|---:|\n");
        foreach (var (at, bytes, heap) in samples)
        {
            notes.Append(CultureInfo.InvariantCulture, $"| {at.TotalSeconds:0} | {bytes / 1048576.0:0.0} | {(heap is { } h ? (h / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) : "–")} |\n");
        }

        var steady = samples.Where(s => s.At > TimeSpan.FromSeconds(60)).ToList();
        if (steady.Count > 1)
        {
            var rss = steady.Select(s => s.Bytes / 1048576.0).ToList();
            notes.Append(CultureInfo.InvariantCulture, $"\nAfter the first minute RSS ranged {rss.Min():0.0}–{rss.Max():0.0} MiB (first {rss[0]:0.0}, last {rss[^1]:0.0})");
            var heaps = steady.Where(s => s.Heap is not null).Select(s => s.Heap!.Value / 1048576.0).ToList();
            if (heaps.Count > 1)
            {
                notes.Append(CultureInfo.InvariantCulture, $"; the managed heap after each GC {heaps.Min():0.0}–{heaps.Max():0.0} MiB (first {heaps[0]:0.0}, last {heaps[^1]:0.0})");
            }

            notes.Append(".\n");
        }

        ReportWriter.Write(options.ReportDirectory, "soak", "EdgeGateway soak", [result], notes.ToString());
        return result.ErrorRate <= 0.001 ? 0 : 1;
    }

    /// <summary>
    /// The gateway's managed heap as its last garbage collection left it (all generations), from its own
    /// Prometheus endpoint: unlike RSS, it does not include memory the GC keeps committed for later.
    /// </summary>
    private static async Task<long?> ManagedHeapAsync(HttpClient management)
    {
        try
        {
            var text = await management.GetStringAsync("/metrics");
            long total = 0;
            var found = false;
            foreach (var line in text.Split('\n'))
            {
                if (line.StartsWith("dotnet_gc_last_collection_heap_size_bytes{", StringComparison.Ordinal)
                    && double.TryParse(line[(line.LastIndexOf(' ') + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var bytes))
                {
                    total += (long)bytes;
                    found = true;
                }
            }

            return found ? total : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }
}

/// <summary>What <c>soak</c> was asked for: the constant arrival rate, how long, and the reports' directory.</summary>
internal sealed record SoakOptions(double Rate, TimeSpan Duration, string ReportDirectory);
