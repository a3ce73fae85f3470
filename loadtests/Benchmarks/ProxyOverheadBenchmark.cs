using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EdgeGateway.LoadTests.Processes;
using EdgeGateway.LoadTests.Reports;
using EdgeGateway.LoadTests.Runner;
using EdgeGateway.LoadTests.Scenarios;
using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.LoadTests.Benchmarks;

/// <summary>
/// The proxy-overhead benchmark: at the same fixed arrival rates, JSAPI prepays (a) straight to the
/// simulator, (b) through bare YARP, (c) through the full gateway, each in its own process. Reports the
/// latency the gateway adds, its CPU time per request next to one RSA-2048 signature measured in the same
/// run, and the highest arrival rate the gateway sustains.
/// </summary>
public static class ProxyOverheadBenchmark
{
    public static async Task<int> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        await using var environment = await LoadEnvironment.StartAsync(gateway: true, bareProxy: true, redis: true, options.GatewaySettings);
        var runner = new ScenarioRunner();
        var signatureCpuMs = MeasureSignatureCost(environment.Keys);
        Console.WriteLine($"One RSA-2048 SHA256 signature: {signatureCpuMs:0.000} ms CPU (this machine, this run).");

        var targets = new[]
        {
            (Name: "a-direct", Address: environment.SimulatorAddress, CallerSigns: true, Process: (ChildProcess?)null),
            (Name: "b-bare-yarp", Address: environment.BareProxyAddress!, CallerSigns: true, Process: environment.BareProxy),
            (Name: "c-gateway", Address: environment.GatewayAddress!, CallerSigns: false, Process: environment.Gateway),
        };
        var results = new List<ScenarioResult>();
        var rows = new List<string>();
        var cpuRows = new List<string>();
        foreach (var rate in options.Rates)
        {
            var perTarget = new Dictionary<string, ScenarioResult>();
            foreach (var target in targets)
            {
                using var client = Client(target.Address, options.ApiKey);
                var planned = (long)(rate * (options.Duration + options.WarmUp).TotalSeconds) + 100;
                var scenario = target.CallerSigns
                    ? PreSignedScenario(client, PreSignedRequests.Create(environment.Keys, $"B{rate}{target.Name[0]}{Stamp()}N", planned))
                    : PlainScenario(client, environment.Keys.MchId, $"B{rate}{target.Name[0]}{Stamp()}N");
                await runner.RunAsync(scenario, new ConstantRate(rate, options.WarmUp), TimeSpan.Zero, cancellationToken);
                var cpuBefore = target.Process?.CpuTime;
                var result = await runner.RunAsync(scenario with { Name = $"{target.Name} @{rate}/s" }, new ConstantRate(rate, options.Duration), TimeSpan.Zero, cancellationToken);
                var cpuAfter = target.Process?.CpuTime;
                results.Add(result);
                perTarget[target.Name] = result;
                if (cpuBefore is { } before && cpuAfter is { } after && result.Completed > 0)
                {
                    var perRequest = (after - before).TotalMilliseconds / result.Completed;
                    cpuRows.Add(string.Create(CultureInfo.InvariantCulture,
                        $"| {target.Name} | {rate} | {perRequest:0.000} | {perRequest / signatureCpuMs:0.00} × |"));
                }
            }

            var direct = perTarget["a-direct"];
            rows.Add(Row(rate, "b-bare-yarp", perTarget["b-bare-yarp"], direct));
            rows.Add(Row(rate, "c-gateway", perTarget["c-gateway"], direct));
        }

        var maxRate = await FindMaxSustainableRateAsync(runner, environment, options, cancellationToken);
        var notes = new StringBuilder();
        notes.AppendLine(CultureInfo.InvariantCulture, $"Machine: {System.Environment.ProcessorCount} cores, {RuntimeInfo()}. Each of simulator, bare YARP, gateway and redis-server ran as its own process; the load runner was a fourth.");
        notes.AppendLine(CultureInfo.InvariantCulture, $"One RSA-2048 SHA256 signature costs {signatureCpuMs:0.000} ms of CPU here.").AppendLine();
        notes.AppendLine("| compared with direct | rate/s | p50 added ms | p99 added ms | errors |");
        notes.AppendLine("|---|---:|---:|---:|---:|");
        rows.ForEach(r => notes.AppendLine(r));
        notes.AppendLine().AppendLine("| process | rate/s | CPU ms per request | × one signature |").AppendLine("|---|---:|---:|---:|");
        cpuRows.ForEach(r => notes.AppendLine(r));
        notes.AppendLine().AppendLine(CultureInfo.InvariantCulture,
            $"Highest sustained signed rate through the gateway (p99 ≤ {options.MaxRateP99Ms:0} ms, errors ≤ 0.1 %, ≥ 97 % of target achieved): {(maxRate is null ? "below the first step" : maxRate.Value.ToString(CultureInfo.InvariantCulture) + "/s")}.");
        ReportWriter.Write(options.ReportDirectory, "bench", "EdgeGateway proxy-overhead benchmark", results, notes.ToString());
        return 0;
    }

    private static string Row(int rate, string name, ScenarioResult result, ScenarioResult direct) =>
        string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {rate} | {result.Percentile(50) - direct.Percentile(50):+0.00;-0.00} | {result.Percentile(99) - direct.Percentile(99):+0.00;-0.00} | {result.ErrorRate:P2} |");

    private static async Task<int?> FindMaxSustainableRateAsync(ScenarioRunner runner, LoadEnvironment environment, BenchOptions options, CancellationToken cancellationToken)
    {
        int? best = null;
        using var client = Client(environment.GatewayAddress!, options.ApiKey);
        for (var rate = options.MaxRateStart; rate <= options.MaxRateLimit; rate += options.MaxRateStep)
        {
            var scenario = PlainScenario(client, environment.Keys.MchId, $"M{rate}{Stamp()}N");
            var result = await runner.RunAsync(scenario with { Name = $"max-rate @{rate}/s" }, new ConstantRate(rate, options.MaxRateStepDuration), TimeSpan.FromSeconds(2), cancellationToken);
            var ok = result.Percentile(99) <= options.MaxRateP99Ms && result.ErrorRate <= 0.001 && result.AchievedRate >= rate * 0.97;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"max-rate step {rate}/s: p99 {result.Percentile(99):0.00} ms, achieved {result.AchievedRate:0}/s, errors {result.ErrorRate:P2} → {(ok ? "sustained" : "not sustained")}"));
            if (!ok)
            {
                break;
            }

            best = rate;
        }

        return best;
    }

    internal static Scenario PreSignedScenario(HttpClient client, PreSignedRequests pool) =>
        new("pre-signed prepay", "client-signed JSAPI prepay", async (_, ct) =>
        {
            using var request = pool.Next();
            using var response = await client.SendAsync(request, ct);
            return new StepOutcome((int)response.StatusCode);
        });

    internal static Scenario PlainScenario(HttpClient client, string mchId, string prefix) =>
        new("prepay", "unsigned JSAPI prepay through the gateway", async (n, ct) =>
        {
            using var content = new StringContent(SignedRequests.JsapiBody(mchId, prefix + n.ToString(CultureInfo.InvariantCulture)), Encoding.UTF8, "application/json");
            using var response = await client.PostAsync("/v3/pay/transactions/jsapi", content, ct);
            return new StepOutcome((int)response.StatusCode);
        });

    internal static HttpClient Client(Uri address, string? apiKey)
    {
        Ports.RequireLoopback(address);
        var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(30),
        };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("X-Api-Key", apiKey);
        }

        return client;
    }

    /// <summary>CPU milliseconds of one SHA256withRSA signature with the merchant's 2048-bit key, over a realistic message.</summary>
    internal static double MeasureSignatureCost(Simulator.Keys.SandboxKeyMaterial keys)
    {
        using var key = PemKeys.LoadPrivateKeyFile(keys.MerchantPrivateKeyPath);
        var message = SignatureMessage.ForRequest("POST", "/v3/pay/transactions/jsapi", 1554208460, "593BEC0C930BF1AFEB40B4A08C8FB242",
            Encoding.UTF8.GetBytes(SignedRequests.JsapiBody(keys.MchId, "WARMUP0001")));
        for (var i = 0; i < 200; i++)
        {
            Rsa2048Signature.Sign(key, message);
        }

        const int count = 2000;
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var before = process.TotalProcessorTime;
        for (var i = 0; i < count; i++)
        {
            Rsa2048Signature.Sign(key, message);
        }

        process.Refresh();
        return (process.TotalProcessorTime - before).TotalMilliseconds / count;
    }

    internal static string RuntimeInfo() => $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription.Trim()}, .NET {System.Environment.Version}";

    internal static string Stamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(3));
}
