using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using EdgeGateway.Simulator;
using EdgeGateway.Simulator.Keys;
using HdrHistogram;

namespace EdgeGateway.LoadTests.Benchmarks;

/// <summary>
/// What tracing costs: the same open-model arrival rate of JSAPI prepays through the gateway (its own
/// process) to the simulator, with tracing off, on for every request, and on for a 10 % parent-based
/// sample. Every variant exports metrics and logs over OTLP to a loopback sink, and the traced ones
/// their spans too, so only tracing differs. Variants alternate over the rounds so that a neighbour's
/// load on a shared machine does not land on one variant only.
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

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var rate = Option(args, "--rate", 100);
        var seconds = Option(args, "--seconds", 30);
        var warmup = Option(args, "--warmup", 10);
        var rounds = Option(args, "--rounds", 2);
        Console.WriteLine($"Tracing overhead: {rate} prepays/s (open model), {warmup} s warm-up + {seconds} s measured per run, {rounds} round(s), {Environment.ProcessorCount} cores");

        var keys = SandboxKeyMaterial.LoadOrCreate(Path.Combine(Path.GetTempPath(), "edgegateway-loadtests", "keys"));
        await using var simulator = await SimulatorHost.StartAsync(keys.ToSimulatorOptions());
        await using var sink = await OtlpSink.StartAsync();
        var common = new Dictionary<string, string>
        {
            ["EdgeGateway:Sandbox:Enabled"] = "false",
            ["EdgeGateway:DefaultMchId"] = keys.MchId,
            [$"EdgeGateway:Merchants:{keys.MchId}:CertificateSerial"] = keys.MerchantCertificateSerial,
            [$"EdgeGateway:Merchants:{keys.MchId}:PrivateKeyFile"] = keys.MerchantPrivateKeyPath,
            [$"EdgeGateway:Merchants:{keys.MchId}:ApiV3KeyFile"] = keys.ApiV3KeyPath,
            [$"EdgeGateway:Merchants:{keys.MchId}:PlatformCertificateFiles:0"] = keys.PlatformCertificatePath,
            ["ReverseProxy:Clusters:wechatpay:Destinations:primary:Address"] = simulator.BaseAddress.ToString(),
            ["ReverseProxy:Clusters:wechatpay:Destinations:backup:Address"] = simulator.BaseAddress.ToString(),
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = sink.Address.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        };

        var totals = Variants.ToDictionary(v => v.Name, _ => (Latencies: new LongHistogram(120_000_000, 3), Requests: 0L, Failures: 0L, Cpu: TimeSpan.Zero, Spans: 0L));
        Console.WriteLine();
        Console.WriteLine("| round | variant | requests | failed | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | gateway CPU ms/request | OTLP trace exports |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        for (var round = 1; round <= rounds; round++)
        {
            var order = round % 2 == 1 ? Variants : Variants.Reverse().ToArray();
            foreach (var (name, settings) in order)
            {
                var all = new Dictionary<string, string>(common);
                foreach (var (key, value) in settings)
                {
                    all[key] = value;
                }

                await using var gateway = await GatewayProcess.StartAsync(all, cancellationToken);
                using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, ActivityHeadersPropagator = null, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
                {
                    BaseAddress = gateway.Address,
                    Timeout = TimeSpan.FromSeconds(30),
                };
                var send = Prepay(client, keys.MchId);
                await OpenLoop.RunAsync(rate, TimeSpan.FromSeconds(warmup), send, cancellationToken);

                var exportsBefore = sink.TraceExports;
                var cpuBefore = gateway.CpuTime;
                var result = await OpenLoop.RunAsync(rate, TimeSpan.FromSeconds(seconds), send, cancellationToken);
                var cpu = gateway.CpuTime - cpuBefore;
                await Task.Delay(TimeSpan.FromSeconds(6), cancellationToken); // the batch exporter's 5 s schedule
                var exports = sink.TraceExports - exportsBefore;

                var requests = result.Latencies.TotalCount;
                Console.WriteLine(Row(round.ToString(CultureInfo.InvariantCulture), name, result.Latencies, requests, result.Failures, cpu, exports));
                var total = totals[name];
                total.Latencies.Add(result.Latencies);
                totals[name] = (total.Latencies, total.Requests + requests, total.Failures + result.Failures, total.Cpu + cpu, total.Spans + exports);
                simulator.ClearRequests();
            }
        }

        Console.WriteLine();
        Console.WriteLine("| all rounds | variant | requests | failed | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | gateway CPU ms/request | OTLP trace exports |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (name, _) in Variants)
        {
            var total = totals[name];
            Console.WriteLine(Row("all", name, total.Latencies, total.Requests, total.Failures, total.Cpu, total.Spans));
        }

        return totals.Values.Any(t => t.Failures > 0) ? 1 : 0;
    }

    private static Func<CancellationToken, Task<bool>> Prepay(HttpClient client, string mchId)
    {
        var sequence = 0L;
        var prefix = "B" + DateTime.UtcNow.ToString("yyMMddHHmmss", CultureInfo.InvariantCulture);
        return async cancellationToken =>
        {
            var outTradeNo = prefix + Interlocked.Increment(ref sequence).ToString("D8", CultureInfo.InvariantCulture);
            var body = $$$"""
                {"appid":"wxd678efh567hg6787","mchid":"{{{mchId}}}","description":"Image形象店-深圳腾大-QQ公仔","out_trade_no":"{{{outTradeNo}}}",
                 "notify_url":"https://www.weixin.qq.com/wxpay/pay.php","amount":{"total":100,"currency":"CNY"},"payer":{"openid":"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"}}
                """;
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await client.PostAsync("/v3/pay/transactions/jsapi", content, cancellationToken);
            await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return response.StatusCode == HttpStatusCode.OK;
        };
    }

    private static string Row(string round, string name, HistogramBase latencies, long requests, long failures, TimeSpan cpu, long exports)
    {
        string Ms(double percentile) => (latencies.GetValueAtPercentile(percentile) / 1000.0).ToString("0.0", CultureInfo.InvariantCulture);
        var cpuPerRequest = requests == 0 ? 0 : cpu.TotalMilliseconds / requests;
        return $"| {round} | {name} | {requests} | {failures} | {Ms(50)} | {Ms(90)} | {Ms(99)} | {Ms(99.9)} | {(latencies.GetMaxValue() / 1000.0).ToString("0.0", CultureInfo.InvariantCulture)} | {cpuPerRequest.ToString("0.00", CultureInfo.InvariantCulture)} | {exports} |";
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
    }
}
