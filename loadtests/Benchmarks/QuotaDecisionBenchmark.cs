using System.Diagnostics;
using System.Globalization;
using EdgeGateway.Configuration;
using EdgeGateway.Quotas;
using EdgeGateway.Storage;
using HdrHistogram;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeGateway.LoadTests.Benchmarks;

/// <summary>
/// Quota decisions per second against a real Redis, and the latency the quota check adds, through the same
/// <see cref="QuotaEnforcer"/> the gateway uses (circuit, timeout, batched script). Closed loop: N workers each
/// decide, wait, decide again, for a fixed time, over 10 000 users of a two-window quota; batched (the default) and
/// unbatched (one script call per decision) side by side.
/// Usage: <c>dotnet run -c Release --project loadtests -- quota-decisions [--redis 127.0.0.1:6379 | --cluster host:port,host:port,…] [--seconds 5] [--concurrency 1,16,64,256]</c>
/// </summary>
internal static class QuotaDecisionBenchmark
{
    /// <summary>The Redis a run uses when neither --redis nor --cluster names one.</summary>
    public static string DefaultRedis => Environment.GetEnvironmentVariable("EDGEGATEWAY_TEST_REDIS") ?? "127.0.0.1:6379";

    public static async Task<int> RunAsync(QuotaDecisionOptions options)
    {
        // --cluster takes a Redis Cluster's seeds (host:port,…): the batched script is then split per hash slot.
        var redis = options.Cluster ?? options.Redis;
        var (seconds, levels) = (options.Seconds, options.Concurrency);
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        Console.WriteLine($"quota-decisions: Redis {redis}, {seconds} s per run, {Environment.ProcessorCount} cores (load average {load}), two windows (1 000 000/s, 100 000 000/day), 10 000 users");
        Console.WriteLine("mode        workers  decisions/s    p50 µs   p99 µs  p99.9 µs   max µs");
        foreach (var batch in new[] { 256, 1 })
        {
            await using var services = Services(redis, batch);
            var enforcer = services.GetRequiredService<QuotaEnforcer>();
            // Connect before measuring: the first decisions would otherwise race the connection and open the circuit.
            await (await services.GetRequiredService<RedisConnection>().GetDatabaseAsync()).PingAsync();
            await RunLevelAsync(enforcer, 8, TimeSpan.FromSeconds(1), print: null); // warm-up: script cache, JIT
            foreach (var workers in levels)
            {
                await WaitHealthyAsync(services.GetRequiredService<QuotaHealth>());
                await RunLevelAsync(enforcer, workers, TimeSpan.FromSeconds(seconds), batch == 1 ? "unbatched" : "batched");
            }
        }

        return 0;
    }

    private static async Task RunLevelAsync(QuotaEnforcer enforcer, int workers, TimeSpan duration, string? print)
    {
        var policy = new QuotaPolicy
        {
            Windows = [new QuotaWindow { Limit = 1_000_000, Period = TimeSpan.FromSeconds(1) }, new QuotaWindow { Limit = 100_000_000, Period = TimeSpan.FromDays(1) }],
        };
        var windows = policy.Windows.Select(GcraWindow.From).ToArray();
        var requests = Enumerable.Range(0, 10_000).Select(u => new QuotaRequest(QuotaKeys.For("bench", "svc", "user" + u), windows)).ToArray();
        var histograms = new LongHistogram[workers];
        var counts = new long[workers];
        var refused = 0L;
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var histogram = histograms[w] = new LongHistogram(10_000_000, 3);
            var random = new Random(w);
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                var begin = Stopwatch.GetTimestamp();
                var outcome = await enforcer.DecideAsync("bench", "bench", policy, requests[random.Next(requests.Length)]);
                histogram.RecordValue(Math.Max(1, (Stopwatch.GetTimestamp() - begin) * 1_000_000 / Stopwatch.Frequency));
                counts[w]++;
                if (outcome.Kind != QuotaOutcomeKind.Enforced)
                {
                    Interlocked.Increment(ref refused);
                }
            }
        })));
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (print is null)
        {
            return;
        }

        var all = new LongHistogram(10_000_000, 3);
        foreach (var histogram in histograms)
        {
            all.Add(histogram);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{print,-10} {workers,8} {counts.Sum() / elapsed.TotalSeconds,12:N0} {all.GetValueAtPercentile(50),9} {all.GetValueAtPercentile(99),8} {all.GetValueAtPercentile(99.9),9} {all.GetMaxValue(),8}{(refused > 0 ? $"  ({refused} not decided by Redis!)" : "")}"));
    }

    /// <summary>A run starts with the circuit closed, so that it measures Redis and not the local fallback.</summary>
    private static async Task WaitHealthyAsync(QuotaHealth health)
    {
        for (var i = 0; i < 100 && health.Circuit.CircuitState != Polly.CircuitBreaker.CircuitState.Closed; i++)
        {
            await Task.Delay(100);
        }
    }

    private static ServiceProvider Services(string redis, int batch)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMetrics();
        services.AddSingleton(TimeProvider.System);
        services.Configure<RedisOptions>(o =>
        {
            o.Configuration = redis;
            o.KeyPrefix = $"bench:{Guid.NewGuid():N}:";
        });
        services.Configure<QuotaOptions>(o => o.MaxBatchSize = batch);
        services.AddSingleton<RedisConnection>();
        services.AddSingleton<QuotaHealth>();
        services.AddSingleton<QuotaMetrics>();
        services.AddSingleton<RedisQuotaStore>();
        services.AddSingleton(sp => new InMemoryQuotaStore(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<QuotaEnforcer>();
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        return services.BuildServiceProvider();
    }
}

/// <summary>
/// What <c>quota-decisions</c> was asked for: one Redis (<paramref name="Redis"/>) or a Redis Cluster's seeds
/// (<paramref name="Cluster"/>, which wins), seconds per run, and the worker counts to run at.
/// </summary>
internal sealed record QuotaDecisionOptions(string Redis, string? Cluster, double Seconds, IReadOnlyList<int> Concurrency);
