using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using EdgeGateway.LoadTests.Commands;
using EdgeGateway.LoadTests.Processes;
using EdgeGateway.LoadTests.Runner;
using EdgeGateway.Simulator.Keys;
using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.LoadTests.Benchmarks;

/// <summary>
/// Where the gateway's CPU per signed request goes. The same open-model rate of JSAPI prepays runs through
/// five set-ups, each in fresh processes: bare YARP with caller-signed requests (the cost of receiving and
/// forwarding an HTTP request at all), then the gateway with in-memory stores and tracing off, with tracing
/// on, with Redis stores, and as shipped (Redis, tracing, a log line per request at Information). Every load
/// run but the last logs at Warning. The RSA signature and the response verification are measured in
/// this process; the rest is attributed by difference, so each line is what one step adds.
/// <c>dotnet run -c Release --project loadtests -- cpu-breakdown [--rate 300] [--duration 20] [--warmup 5] [--rounds 2] [--setups bare,memory-off,memory-on,redis,shipped]</c>
/// </summary>
internal static class CpuBreakdownBenchmark
{
    public const string Name = "cpu-breakdown";

    /// <summary>How long each set-up's process is watched with no load, for its background CPU (timers, pollers, metrics).</summary>
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(10);

    private enum Setup
    {
        BareYarp,
        GatewayMemoryNoTracing,
        GatewayMemoryTracing,
        GatewayRedisTracing,
        GatewayShipped,
    }

    /// <summary>The set-ups <c>--setups</c> takes, in their default order.</summary>
    public static readonly IReadOnlyList<string> SetupNames = ["bare", "memory-off", "memory-on", "redis", "shipped"];

    public static async Task<int> RunAsync(CpuBreakdownOptions options, CancellationToken cancellationToken)
    {
        var (rate, duration, warmUp, rounds) = (options.Rate, options.Duration, options.WarmUp, options.Rounds);
        var setups = options.Setups.Select(ParseSetup).ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CPU breakdown: {rate} prepays/s (open model), {warmUp.TotalSeconds:0} s warm-up + {duration.TotalSeconds:0} s measured per set-up, {rounds} round(s), {System.Environment.ProcessorCount} cores"));

        var keys = LoadEnvironment.LoadKeys();
        var signMs = ProxyOverheadBenchmark.MeasureSignatureCost(keys);
        var verifyMs = MeasureVerificationCost(keys);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"In this process: RSA-2048 signature {signMs:0.000} ms, response verification {verifyMs:0.000} ms CPU."));

        var runner = new ScenarioRunner();
        var cpu = Enum.GetValues<Setup>().ToDictionary(s => s, _ => (Cpu: TimeSpan.Zero, Requests: 0L, Failed: 0L, Redis: TimeSpan.Zero, Idle: TimeSpan.Zero, Rounds: 0));
        var failed = false;
        for (var round = 1; round <= rounds; round++)
        {
            var order = round % 2 == 1 ? setups : setups.Reverse().ToArray();
            foreach (var setup in order)
            {
                var settings = new Dictionary<string, string>(Settings.GatewaySettings())
                {
                    ["EdgeGateway:Telemetry:TracingEnabled"] = setup == Setup.GatewayMemoryNoTracing ? "false" : "true",
                };
                if (setup == Setup.GatewayShipped)
                {
                    settings["Logging:LogLevel:Default"] = "Information"; // the shipped level: a log line per request, to the console
                }

                await using var environment = await LoadEnvironment.StartAsync(gateway: setup != Setup.BareYarp, bareProxy: setup == Setup.BareYarp,
                    redis: setup is Setup.GatewayRedisTracing or Setup.GatewayShipped, settings);
                if (setup is Setup.GatewayRedisTracing or Setup.GatewayShipped && environment.Redis is null)
                {
                    Console.WriteLine("redis-server is not installed: the Redis line is left out.");
                    continue;
                }

                var process = setup == Setup.BareYarp ? environment.BareProxy! : environment.Gateway!;
                var address = setup == Setup.BareYarp ? environment.BareProxyAddress! : environment.GatewayAddress!;
                using var client = ProxyOverheadBenchmark.Client(address, setup == Setup.BareYarp ? null : Settings.ApiKey);
                var planned = (long)(rate * (duration + warmUp).TotalSeconds) + 100;
                var prefix = $"C{(int)setup}{round}{ProxyOverheadBenchmark.Stamp()}N";
                var scenario = setup == Setup.BareYarp
                    ? ProxyOverheadBenchmark.PreSignedScenario(client, PreSignedRequests.Create(keys, prefix, planned))
                    : ProxyOverheadBenchmark.PlainScenario(client, keys.MchId, prefix);
                await runner.RunAsync(scenario, new ConstantRate(rate, warmUp), TimeSpan.Zero, cancellationToken);

                var before = process.CpuTime;
                var redisBefore = environment.Redis?.CpuTime ?? TimeSpan.Zero;
                var result = await runner.RunAsync(scenario with { Name = $"{setup} #{round}" }, new ConstantRate(rate, duration), TimeSpan.Zero, cancellationToken);
                var used = process.CpuTime - before;
                var redisUsed = (environment.Redis?.CpuTime ?? TimeSpan.Zero) - redisBefore;
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
                var idleBefore = process.CpuTime;
                await Task.Delay(IdleWindow, cancellationToken);
                var idle = process.CpuTime - idleBefore;
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"{process.Name} exited during {setup}:{System.Environment.NewLine}{process.Tail()}");
                }

                var sum = cpu[setup];
                cpu[setup] = (sum.Cpu + used, sum.Requests + result.Completed, sum.Failed + result.Completed - result.Succeeded, sum.Redis + redisUsed, sum.Idle + idle, sum.Rounds + 1);
                failed |= result.Completed != result.Succeeded;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round} {Describe(setup),-48} {result.Completed,6} requests, {result.Completed - result.Succeeded} failed, {used.TotalMilliseconds / Math.Max(1, result.Completed):0.000} ms CPU/request, p99 {result.Percentile(99):0.0} ms, idle afterwards {idle.TotalMilliseconds / IdleWindow.TotalSeconds:0.0} ms CPU/s"));
            }
        }

        double PerRequest(Setup s) => cpu[s].Requests == 0 ? double.NaN : cpu[s].Cpu.TotalMilliseconds / cpu[s].Requests;
        var bare = PerRequest(Setup.BareYarp);
        var memoryOff = PerRequest(Setup.GatewayMemoryNoTracing);
        var memoryOn = PerRequest(Setup.GatewayMemoryTracing);
        var redisOn = PerRequest(Setup.GatewayRedisTracing);
        var shipped = PerRequest(Setup.GatewayShipped);
        var redisServer = cpu[Setup.GatewayRedisTracing].Requests == 0 ? double.NaN : cpu[Setup.GatewayRedisTracing].Redis.TotalMilliseconds / cpu[Setup.GatewayRedisTracing].Requests;

        var table = new StringBuilder();
        double IdlePerSecond(Setup s) => cpu[s].Rounds == 0 ? double.NaN : cpu[s].Idle.TotalMilliseconds / IdleWindow.TotalSeconds / cpu[s].Rounds;
        table.AppendLine("| set-up | CPU ms per request | × one signature | idle CPU ms/s | of which idle, per request |").AppendLine("|---|---:|---:|---:|---:|");
        foreach (var setup in setups)
        {
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {Describe(setup)} | {PerRequest(setup):0.000} | {PerRequest(setup) / signMs:0.00} × | {IdlePerSecond(setup):0.0} | {IdlePerSecond(setup) / rate:0.000} |"));
        }

        if (!double.IsNaN(bare) && !double.IsNaN(memoryOff) && !double.IsNaN(memoryOn))
        {
            table.AppendLine().AppendLine("| where the gateway's CPU per request goes | ms | share |").AppendLine("|---|---:|---:|");
            var total = !double.IsNaN(shipped) ? shipped : double.IsNaN(redisOn) ? memoryOn : redisOn;
            void Line(string what, double ms) => table.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {what} | {ms:0.000} | {ms / total:P0} |"));
            Line("RSA-2048 request signature (measured in-process)", signMs);
            Line("response signature verification (measured in-process)", verifyMs);
            Line("receiving and forwarding the HTTP exchange (bare YARP, same requests)", bare);
            Line("the gateway's own steps: caller, rate limit, quota, guard, body buffer, logs, metrics (in-memory stores)", memoryOff - bare - signMs - verifyMs);
            Line("tracing every request", memoryOn - memoryOff);
            if (!double.IsNaN(redisOn))
            {
                Line("Redis client: quota and guard round trips instead of in-memory stores", redisOn - memoryOn);
            }

            if (!double.IsNaN(redisOn) && !double.IsNaN(shipped))
            {
                Line("a log line per request at Information, to the console", shipped - redisOn);
            }

            Line(!double.IsNaN(shipped) ? "total, as shipped" : double.IsNaN(redisOn) ? "total, in-memory stores" : "total, Redis stores, logs at Warning", total);
        }

        if (!double.IsNaN(redisServer))
        {
            table.AppendLine().AppendLine(string.Create(CultureInfo.InvariantCulture, $"redis-server, a process of its own, used {redisServer:0.000} ms CPU per request on top."));
        }

        Console.WriteLine();
        Console.WriteLine(table.ToString());
        return failed ? 1 : 0;
    }

    private static Setup ParseSetup(string name) => name switch
    {
        "bare" => Setup.BareYarp,
        "memory-off" => Setup.GatewayMemoryNoTracing,
        "memory-on" => Setup.GatewayMemoryTracing,
        "redis" => Setup.GatewayRedisTracing,
        "shipped" => Setup.GatewayShipped,
        _ => throw new ArgumentException($"Unknown set-up '{name}'; use bare, memory-off, memory-on, redis, shipped."),
    };

    private static string Describe(Setup setup) => setup switch
    {
        Setup.BareYarp => "bare YARP, caller-signed",
        Setup.GatewayMemoryNoTracing => "gateway, in-memory stores, tracing off",
        Setup.GatewayMemoryTracing => "gateway, in-memory stores, tracing on",
        Setup.GatewayRedisTracing => "gateway, Redis stores, tracing on, logs at Warning",
        _ => "gateway as shipped: Redis, tracing, logs at Information",
    };

    /// <summary>CPU milliseconds of verifying one WeChat Pay answer: the response message and an RSA-2048 public-key check.</summary>
    internal static double MeasureVerificationCost(SandboxKeyMaterial keys)
    {
        using var platformKey = PemKeys.LoadPrivateKeyFile(keys.PlatformPrivateKeyPath);
        using var certificate = PemKeys.LoadCertificateFile(keys.PlatformCertificatePath);
        using var publicKey = certificate.GetRSAPublicKey()!;
        var body = Encoding.UTF8.GetBytes("{\"prepay_id\":\"wx201410272009395522657a690389285100\"}");
        var signature = Convert.FromBase64String(Rsa2048Signature.Sign(platformKey, SignatureMessage.ForResponse("1554208460", "593BEC0C930BF1AFEB40B4A08C8FB242", body)));
        const int count = 5000;
        for (var i = 0; i < 500; i++)
        {
            Verify();
        }

        var process = Process.GetCurrentProcess();
        process.Refresh();
        var before = process.TotalProcessorTime;
        for (var i = 0; i < count; i++)
        {
            Verify();
        }

        process.Refresh();
        return (process.TotalProcessorTime - before).TotalMilliseconds / count;

        void Verify()
        {
            var message = SignatureMessage.ForResponse("1554208460", "593BEC0C930BF1AFEB40B4A08C8FB242", body);
            if (!Rsa2048Signature.Verify(publicKey, message, signature))
            {
                throw new InvalidOperationException("The verification benchmark's own signature did not verify.");
            }
        }
    }
}

/// <summary>What <c>cpu-breakdown</c> was asked for: the open-model rate, measured and warm-up time per set-up, rounds, and the set-ups by name.</summary>
internal sealed record CpuBreakdownOptions(int Rate, TimeSpan Duration, TimeSpan WarmUp, int Rounds, IReadOnlyList<string> Setups);
