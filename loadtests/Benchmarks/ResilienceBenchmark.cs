using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using EdgeGateway.Idempotency;
using EdgeGateway.LoadTests.Benchmarks.Hosts;
using EdgeGateway.Simulator;
using EdgeGateway.Simulator.Faults;
using EdgeGateway.Simulator.Keys;
using EdgeGateway.Storage;
using HdrHistogram;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EdgeGateway.LoadTests.Benchmarks;

/// <summary>
/// What resilience costs and saves, measured on loopback with the simulator:
/// how fast an open breaker answers compared with the upstream latency it spares callers, what the
/// duplicate-payment guard's store adds per request (Redis when EDGEGATEWAY_TEST_REDIS names one, and in
/// memory), and prepay latency end to end through the gateway with the guard on each store.
/// Run: <c>dotnet run -c Release --project loadtests -- resilience</c>.
/// </summary>
internal static class ResilienceBenchmark
{
    private const int UpstreamLatencyMs = 500;
    private const string QueryById = "/v3/pay/transactions/id/";

    public static async Task<int> RunAsync()
    {
        var keys = SandboxKeyMaterial.LoadOrCreate(Path.Combine(Path.GetTempPath(), "edgegateway-bench-" + Environment.ProcessId));
        var redis = Environment.GetEnvironmentVariable("EDGEGATEWAY_TEST_REDIS");
        Console.WriteLine($"EdgeGateway resilience benchmark — {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, Redis: {redis ?? "none (in-memory only)"}");
        Console.WriteLine();
        Console.WriteLine("| measurement | n | p50 | p99 | max |");
        Console.WriteLine("|---|---:|---:|---:|---:|");

        await BreakerOpenAsync(keys);
        await GuardStoreAsync("in-memory", new InMemoryDuplicateGuardStore(TimeProvider.System));
        if (redis is not null)
        {
            await using var connection = new RedisConnection(Options.Create(new RedisOptions { Configuration = redis, KeyPrefix = $"bench:{Guid.NewGuid():N}:" }),
                NullLogger<RedisConnection>.Instance);
            await GuardStoreAsync("Redis", new RedisDuplicateGuardStore(connection));
        }

        await PrepayAsync(keys, "shared state in memory", null);
        if (redis is not null)
        {
            await PrepayAsync(keys, "shared state (quota, guard) in Redis", redis);
        }

        return 0;
    }

    /// <summary>Open the query route's breaker against a slow, failing upstream, then time the 503s.</summary>
    private static async Task BreakerOpenAsync(SandboxKeyMaterial keys)
    {
        await using var simulator = await SimulatorHost.StartAsync(keys.ToSimulatorOptions());
        await using var gateway = await BenchGateway.StartAsync(keys, simulator, null, new Dictionary<string, string?>
        {
            ["Policies:CircuitBreakers:bench:MinimumThroughput"] = "4",
            ["Policies:CircuitBreakers:bench:SamplingDuration"] = "00:01:00",
            ["Policies:CircuitBreakers:bench:BreakDuration"] = "01:00:00",
            ["Policies:Retries:queries:MaxRetries"] = "0",
            ["ReverseProxy:Routes:pay-query-by-transaction-id:Metadata:CircuitBreaker"] = "bench",
        });
        simulator.Faults.Current = new FaultSettings { LatencyMs = UpstreamLatencyMs, ServerErrorRate = 1, PathPrefix = QueryById };
        var path = $"{QueryById}4200000000000000000000000001?mchid={keys.MchId}";
        var upstream = new LongHistogram(60_000_000, 3);
        for (var i = 0; i < 4; i++)
        {
            await TimeAsync(upstream, () => gateway.Client.GetAsync(path), HttpStatusCode.InternalServerError);
        }

        Report($"query while WeChat Pay fails slowly ({UpstreamLatencyMs} ms, 500), breaker closed", upstream);
        var open = new LongHistogram(60_000_000, 3);
        for (var i = 0; i < 500; i++)
        {
            await TimeAsync(open, () => gateway.Client.GetAsync(path), HttpStatusCode.ServiceUnavailable); // warm-up, discarded below
        }

        open.Reset();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            var local = new LongHistogram(60_000_000, 3);
            for (var i = 0; i < 2500; i++)
            {
                await TimeAsync(local, () => gateway.Client.GetAsync(path), HttpStatusCode.ServiceUnavailable);
            }

            lock (open)
            {
                open.Add(local);
            }
        }));
        Report("same query, breaker open (503 CIRCUIT_OPEN), 4 callers", open);
        if (simulator.CountRequests("GET", QueryById) != 4)
        {
            throw new InvalidOperationException("the open breaker let a request through");
        }
    }

    /// <summary>The guard's own cost: take the lock, then keep an answer (two store round trips per request).</summary>
    private static async Task GuardStoreAsync(string name, IDuplicateGuardStore store)
    {
        var answer = new StoredAnswer("fp", 200, [new("Content-Type", "application/json")], Encoding.UTF8.GetBytes("{\"prepay_id\":\"wx201410272009395522657a690389285100\"}"), DateTimeOffset.UtcNow);
        var histogram = new LongHistogram(60_000_000, 3);
        for (var i = 0; i < 6000; i++)
        {
            var key = new GuardKey("bench", "1900000001", "out_trade_no", "B" + i.ToString(CultureInfo.InvariantCulture));
            var started = Stopwatch.GetTimestamp();
            var begin = await store.BeginAsync(key, "owner:fp", TimeSpan.FromSeconds(60));
            await store.CompleteAsync(key, "owner:fp", answer, TimeSpan.FromSeconds(60));
            if (begin.State != GuardState.Acquired)
            {
                throw new InvalidOperationException($"{name} store: {begin.State} ({begin.Error})");
            }

            if (i >= 1000)
            {
                histogram.RecordValue((long)Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            }
        }

        Report($"guard store round trips (lock + keep answer), {name}", histogram);
    }

    private static async Task PrepayAsync(SandboxKeyMaterial keys, string name, string? redis)
    {
        await using var simulator = await SimulatorHost.StartAsync(keys.ToSimulatorOptions());
        await using var gateway = await BenchGateway.StartAsync(keys, simulator, redis, new Dictionary<string, string?>());
        var histogram = new LongHistogram(60_000_000, 3);
        for (var i = 0; i < 1200; i++)
        {
            var outTradeNo = "B" + Guid.NewGuid().ToString("N")[..30];
            var body = $"{{\"appid\":\"wxd678efh567hg6787\",\"mchid\":\"{keys.MchId}\",\"description\":\"bench\",\"out_trade_no\":\"{outTradeNo}\"," +
                       "\"notify_url\":\"https://www.weixin.qq.com/wxpay/pay.php\",\"amount\":{\"total\":1,\"currency\":\"CNY\"},\"payer\":{\"openid\":\"oBench" + i.ToString(CultureInfo.InvariantCulture) + "\"}}"; // one payer per order: the payer quota stays out of the way
            var target = i >= 200 ? histogram : new LongHistogram(60_000_000, 3);
            await TimeAsync(target, () => gateway.Client.PostAsync("/v3/pay/transactions/jsapi", new StringContent(body, Encoding.UTF8, "application/json")), HttpStatusCode.OK);
        }

        Report($"JSAPI prepay end to end (caller, quota, guard, sign, simulator, verify), {name}", histogram);
    }

    private static async Task TimeAsync(LongHistogram histogram, Func<Task<HttpResponseMessage>> send, HttpStatusCode expected)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await send();
        await response.Content.ReadAsByteArrayAsync();
        histogram.RecordValue((long)Stopwatch.GetElapsedTime(started).TotalMicroseconds);
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"expected {(int)expected}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static void Report(string name, HistogramBase histogram) =>
        Console.WriteLine($"| {name} | {histogram.TotalCount} | {Ms(histogram.GetValueAtPercentile(50))} | {Ms(histogram.GetValueAtPercentile(99))} | {Ms(histogram.GetMaxValue())} |");

    private static string Ms(long micros) => micros == 0 ? "< 0.001 ms" : (micros / 1000.0).ToString("0.000", CultureInfo.InvariantCulture) + " ms";
}
