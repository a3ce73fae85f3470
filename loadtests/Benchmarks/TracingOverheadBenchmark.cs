using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EdgeGateway.LoadTests.Benchmarks.Hosts;
using EdgeGateway.LoadTests.Commands;
using EdgeGateway.LoadTests.Processes;
using EdgeGateway.LoadTests.Runner;
using EdgeGateway.LoadTests.Scenarios;
using HdrHistogram;

namespace EdgeGateway.LoadTests.Benchmarks;

/// <summary>
/// What tracing costs: the same open-model arrival rate of JSAPI prepays through the gateway to the
/// simulator (each its own process, as in every load run) with tracing off, on for every request, and on
/// for a 10 % parent-based sample. Every variant exports metrics and logs over OTLP to a loopback sink in
/// this process, and the traced ones their spans too, so only tracing differs. Variants alternate over the
/// rounds so that a neighbour's load on a shared machine does not land on one variant only.
/// <c>dotnet run -c Release --project loadtests -- tracing-overhead [--rate 100] [--seconds 30] [--warmup 10] [--rounds 2]</c>
/// </summary>
internal static class TracingOverheadBenchmark
{
    public const string Name = "tracing-overhead";

    private static readonly (string Name, Dictionary<string, string> Settings)[] Variants =
    [
        ("tracing off", new() { ["EdgeGateway:Telemetry:TracingEnabled"] = "false" }),
        ("tracing on, every request", new() { ["EdgeGateway:Telemetry:TracingEnabled"] = "true" }),
        ("tracing on, 10 % sampled", new()
        {
            ["EdgeGateway:Telemetry:TracingEnabled"] = "true",
            ["OTEL_TRACES_SAMPLER"] = "parentbased_traceidratio",
            ["OTEL_TRACES_SAMPLER_ARG"] = "0.1",
        }),
    ];

    public static async Task<int> RunAsync(TracingOverheadOptions options, CancellationToken cancellationToken)
    {
        var (rate, seconds, warmup, rounds) = (options.Rate, options.Seconds, options.WarmUp, options.Rounds);
        Console.WriteLine($"Tracing overhead: {rate} prepays/s (open model), {warmup} s warm-up + {seconds} s measured per run, {rounds} round(s), {Environment.ProcessorCount} cores");

        await using var sink = await OtlpSink.StartAsync();
        var runner = new ScenarioRunner();
        var totals = Variants.ToDictionary(v => v.Name, _ => new Total());
        Console.WriteLine();
        Console.WriteLine(Header("round"));
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var (name, variant) in round % 2 == 1 ? Variants : Variants.Reverse())
            {
                var settings = new Dictionary<string, string>(Settings.GatewaySettings())
                {
                    ["OTEL_EXPORTER_OTLP_ENDPOINT"] = sink.Address.ToString().TrimEnd('/'),
                    ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                };
                foreach (var (key, value) in variant)
                {
                    settings[key] = value;
                }

                await using var environment = await LoadEnvironment.StartAsync(gateway: true, bareProxy: false, redis: false, settings);
                using var client = ProxyOverheadBenchmark.Client(environment.GatewayAddress!, Settings.ApiKey);
                var scenario = Prepay(client, environment.Keys.MchId);
                await runner.RunAsync(scenario, new ConstantRate(rate, TimeSpan.FromSeconds(warmup)), TimeSpan.Zero, cancellationToken);

                var exportsBefore = sink.TraceExports;
                var cpuBefore = environment.Gateway!.CpuTime;
                var result = await runner.RunAsync(scenario with { Name = $"{name} #{round}" }, new ConstantRate(rate, TimeSpan.FromSeconds(seconds)),
                    TimeSpan.Zero, cancellationToken);
                if (environment.Gateway.HasExited)
                {
                    throw new InvalidOperationException($"The gateway exited during '{name}':{Environment.NewLine}{environment.Gateway.Tail()}");
                }

                var cpu = environment.Gateway.CpuTime - cpuBefore;
                await Task.Delay(TimeSpan.FromSeconds(6), cancellationToken); // the batch span exporter sends every 5 s
                var total = totals[name];
                total.Add(result, cpu, sink.TraceExports - exportsBefore);
                Console.WriteLine(Row(round.ToString(CultureInfo.InvariantCulture), name, result.Latency, result.Completed, result.Completed - result.Succeeded,
                    cpu, sink.TraceExports - exportsBefore));
            }
        }

        Console.WriteLine();
        Console.WriteLine(Header("all rounds"));
        foreach (var (name, _) in Variants)
        {
            var total = totals[name];
            Console.WriteLine(Row("all", name, total.Latency, total.Completed, total.Failed, total.Cpu, total.TraceExports));
        }

        return totals.Values.Any(t => t.Failed > 0) ? 1 : 0;
    }

    private static Scenario Prepay(HttpClient client, string mchId)
    {
        var prefix = "T" + Convert.ToHexString(RandomNumberGenerator.GetBytes(3));
        return new Scenario("prepay", "unsigned JSAPI prepay through the gateway", async (n, ct) =>
        {
            using var content = new StringContent(SignedRequests.JsapiBody(mchId, prefix + n.ToString(CultureInfo.InvariantCulture)), Encoding.UTF8, "application/json");
            using var response = await client.PostAsync("/v3/pay/transactions/jsapi", content, ct);
            return new StepOutcome((int)response.StatusCode);
        });
    }

    private static string Header(string first) =>
        $"| {first} | variant | requests | failed | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | gateway CPU ms/request | OTLP trace exports |{Environment.NewLine}|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|";

    private static string Row(string round, string name, HistogramBase latency, long requests, long failed, TimeSpan cpu, long exports)
    {
        string Ms(double micros) => (micros / 1000.0).ToString("0.0", CultureInfo.InvariantCulture);
        var cpuPerRequest = requests == 0 ? 0 : cpu.TotalMilliseconds / requests;
        return $"| {round} | {name} | {requests} | {failed} | {Ms(latency.GetValueAtPercentile(50))} | {Ms(latency.GetValueAtPercentile(90))} | " +
               $"{Ms(latency.GetValueAtPercentile(99))} | {Ms(latency.GetValueAtPercentile(99.9))} | {Ms(latency.GetMaxValue())} | " +
               $"{cpuPerRequest.ToString("0.00", CultureInfo.InvariantCulture)} | {exports} |";
    }

    /// <summary>One variant over all rounds.</summary>
    private sealed class Total
    {
        public LongHistogram Latency { get; } = new(300_000_000, 3);

        public long Completed { get; private set; }

        public long Failed { get; private set; }

        public TimeSpan Cpu { get; private set; }

        public long TraceExports { get; private set; }

        public void Add(ScenarioResult result, TimeSpan cpu, long traceExports)
        {
            Latency.Add(result.Latency);
            Completed += result.Completed;
            Failed += result.Completed - result.Succeeded;
            Cpu += cpu;
            TraceExports += traceExports;
        }
    }
}

/// <summary>What <c>tracing-overhead</c> was asked for: prepays per second, measured and warm-up seconds per run, rounds.</summary>
internal sealed record TracingOverheadOptions(int Rate, int Seconds, int WarmUp, int Rounds);
