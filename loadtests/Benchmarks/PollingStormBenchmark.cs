using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using EdgeGateway.LoadTests.Commands;
using EdgeGateway.LoadTests.Processes;
using EdgeGateway.LoadTests.Runner;
using EdgeGateway.LoadTests.Scenarios;

namespace EdgeGateway.LoadTests.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project loadtests -- polling-storm [--rate 1000] [--duration 10] [--orders 20] [--latency-ms 50] [--modes off,coalesce,cache]</c>:
/// internal services polling unpaid orders while they wait for the callback. For each mode the simulator, redis-server and
/// a fresh gateway process start; the gateway's <c>orders</c> status cache policy is overridden on its command line:
/// <c>off</c> (no coalescing, TTLs 0: every poll goes upstream), <c>coalesce</c> (identical concurrent polls share a call,
/// nothing kept) and <c>cache</c> (the shipped policy: coalescing plus 1 s for NOTPAY). The open-model runner polls
/// <c>--orders</c> NOTPAY orders round-robin at <c>--rate</c> per second; the simulator answers queries after
/// <c>--latency-ms</c>, as WeChat Pay takes time to answer. Reported: the upstream calls the simulator saw
/// (its request log), the share of polls absorbed, and the latency the pollers saw.
/// </summary>
internal static class PollingStormBenchmark
{
    private const string QueryPrefix = "/v3/pay/transactions/out-trade-no/";

    /// <summary>The modes <c>--modes</c> takes, in their default order.</summary>
    public static readonly IReadOnlyList<string> ModeNames = ["off", "coalesce", "cache"];

    public static async Task<int> RunAsync(PollingStormOptions options, CancellationToken cancellationToken)
    {
        var (rate, duration, orderCount, latencyMs, modes) = (options.Rate, options.Duration, options.Orders, options.LatencyMs, options.Modes);

        var rows = new List<string>();
        foreach (var mode in modes)
        {
            Console.WriteLine($"polling-storm: mode {mode}, {rate:0}/s over {orderCount} orders for {duration.TotalSeconds:0} s, upstream latency {latencyMs} ms");
            rows.Add(await RunModeAsync(mode, rate, duration, orderCount, latencyMs, cancellationToken));
        }

        Console.WriteLine();
        Console.WriteLine("mode       polls  achieved/s  upstream  upstream/s  absorbed   p50 ms   p99 ms  p99.9 ms   max ms  errors");
        foreach (var row in rows)
        {
            Console.WriteLine(row);
        }

        return 0;
    }

    private static async Task<string> RunModeAsync(string mode, double rate, TimeSpan duration, int orderCount, int latencyMs, CancellationToken cancellationToken)
    {
        var settings = Settings.GatewaySettings();
        // No route concurrency limit: without absorption the polls pile up, and 429s would hide the upstream load being measured.
        settings["Policies:RateLimits:standard:ConcurrencyLimit"] = "0";
        foreach (var (key, value) in Overrides(mode))
        {
            settings[key] = value;
        }

        await using var environment = await LoadEnvironment.StartAsync(gateway: true, bareProxy: false, redis: true, settings);
        using var client = ProxyOverheadBenchmark.Client(environment.GatewayAddress!, Settings.ApiKey);
        using var control = new HttpClient { BaseAddress = environment.SimulatorAddress };
        var orders = await CreateOrdersAsync(client, environment.Keys.MchId, orderCount, cancellationToken);
        using (var faults = new StringContent($$"""{"latencyMs":{{latencyMs}},"pathPrefix":"{{QueryPrefix}}"}""", Encoding.UTF8, "application/json"))
        {
            (await control.PutAsync("/simulator/faults", faults, cancellationToken)).EnsureSuccessStatusCode();
        }

        var paths = orders.Select(o => $"{QueryPrefix}{o}?mchid={environment.Keys.MchId}").ToArray();
        var scenario = new Scenario("polling-storm", "GET order status, round-robin over NOTPAY orders", async (n, ct) =>
        {
            using var response = await client.GetAsync(paths[n % paths.Length], HttpCompletionOption.ResponseContentRead, ct);
            return new StepOutcome((int)response.StatusCode);
        });
        var runner = new ScenarioRunner();
        await runner.RunAsync(scenario, new ConstantRate(rate, TimeSpan.FromSeconds(3)), TimeSpan.Zero, cancellationToken); // warm-up, not counted
        (await control.DeleteAsync("/simulator/requests", cancellationToken)).EnsureSuccessStatusCode();

        var result = await runner.RunAsync(scenario, new ConstantRate(rate, duration), TimeSpan.Zero, cancellationToken);

        var log = JsonNode.Parse(await control.GetStringAsync("/simulator/requests", cancellationToken))!.AsArray();
        var upstream = log.Count(r => (string?)r!["method"] == "GET" && ((string?)r["target"])?.StartsWith(QueryPrefix, StringComparison.Ordinal) == true);
        var errors = result.Completed - result.Succeeded;
        Console.WriteLine("  statuses: " + string.Join(", ", result.StatusCounts.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"))
                          + (result.Errors.IsEmpty ? string.Empty : "; errors: " + string.Join(", ", result.Errors.Select(e => $"{e.Key}: {e.Value}"))));
        return string.Create(CultureInfo.InvariantCulture,
            $"{mode,-8} {result.Completed,7} {result.AchievedRate,11:0} {upstream,9} {upstream / result.Elapsed.TotalSeconds,11:0.0} {1 - (double)upstream / Math.Max(1, result.Completed),8:P1} {result.Percentile(50),8:0.0} {result.Percentile(99),8:0.0} {result.Percentile(99.9),9:0.0} {result.MaxMs,8:0.0} {errors,7}");
    }

    /// <summary>The gateway's command-line overrides of the shipped <c>orders</c> policy for <paramref name="mode"/>.</summary>
    private static Dictionary<string, string> Overrides(string mode) => mode switch
    {
        "off" => new() { ["Policies:StatusCaches:orders:Coalesce"] = "false", ["Policies:StatusCaches:orders:NonFinalTtl"] = "00:00:00", ["Policies:StatusCaches:orders:FinalTtl"] = "00:00:00" },
        "coalesce" => new() { ["Policies:StatusCaches:orders:NonFinalTtl"] = "00:00:00", ["Policies:StatusCaches:orders:FinalTtl"] = "00:00:00" },
        "cache" => [],
        _ => throw new ArgumentException($"Unknown mode '{mode}'; use off, coalesce or cache."),
    };

    private static async Task<List<string>> CreateOrdersAsync(HttpClient client, string mchId, int count, CancellationToken cancellationToken)
    {
        var run = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        var orders = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var no = $"PS{run}{i:D4}";
            using var content = new StringContent(SignedRequests.JsapiBody(mchId, no), Encoding.UTF8, "application/json");
            using var response = await client.PostAsync("/v3/pay/transactions/jsapi", content, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"Creating order {no} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }

            orders.Add(no);
        }

        return orders;
    }
}

/// <summary>What <c>polling-storm</c> was asked for: polls per second, how long, NOTPAY orders polled, the simulator's answer latency, and the modes.</summary>
internal sealed record PollingStormOptions(double Rate, TimeSpan Duration, int Orders, int LatencyMs, IReadOnlyList<string> Modes);
