using System.Globalization;
using System.Text;
using EdgeGateway.LoadTests.Benchmarks.Hosts;
using EdgeGateway.LoadTests.Commands;
using EdgeGateway.LoadTests.Processes;
using EdgeGateway.LoadTests.Runner;

namespace EdgeGateway.LoadTests.Benchmarks;

/// <summary>
/// What a signed request costs at saturation. Closed-loop workers send distinct JSAPI prepays (no duplicate-guard
/// replays) as fast as they are answered, through bare YARP and through the gateway in several set-ups, against
/// <see cref="StaticUpstreamHost"/> (one pre-signed answer, so the upstream costs almost nothing). Set-ups alternate
/// in order over the rounds. For each: requests per second, CPU µs per request of the proxy process (utime + stime
/// over the measured window), its context switches and (for the gateway) KiB allocated per request — two figures the
/// machine's speed does not move — and the ratio to one RSA-2048 signature and to the floor — signature + answer
/// verification + bare YARP's CPU per request in the same round — with the spread between rounds.
/// <c>signing</c> is bare YARP that signs every request and verifies every answer and does nothing else: the floor made
/// real, and its req/s the most any gateway that signs could serve here. Machine CPU per request (every process, from
/// <c>/proc/stat</c>) shows what the proxy leaves to the runner, the upstream and Redis.
/// <c>dotnet run -c Release --project loadtests -- cost [--copies 16] [--duration 15] [--warmup 20] [--rounds 2] [--windows 5] [--setups bare,signing,shipped,memory,no-tracing,warning,redis-spans]</c>
/// A set-up may carry runtime settings for the proxy process, to compare them in one run: <c>shipped+DOTNET_gcServer=0</c>
/// (several with more <c>+NAME=VALUE</c>); each such variant is measured and reported as a set-up of its own.
/// <c>+GATEWAY_BUILD=DIR</c> runs the gateway from another build's output folder (for example an earlier commit's
/// <c>gateway/bin/Release/net10.0</c>), so a change is measured against the code before it in the same run.
/// </summary>
internal static class CostBenchmark
{
    public const string Name = "cost";

    private enum Setup
    {
        Bare,
        Signing,
        Shipped,
        Memory,
        NoTracing,
        Warning,
        RedisSpans,
    }

    /// <summary>The set-ups <c>--setups</c> takes, in their default order.</summary>
    public static readonly IReadOnlyList<string> SetupNames = ["bare", "signing", "shipped", "memory", "no-tracing", "warning", "redis-spans"];

    /// <summary>
    /// A set-up as asked for: its kind, the environment its proxy process gets on top of the defaults, and its place in
    /// <c>--setups</c> (which keeps its order numbers apart from those of another variant of the same kind).
    /// </summary>
    private sealed record Variant(Setup Kind, IReadOnlyDictionary<string, string> Environment, int Index)
    {
        public bool IsBare => Kind == Setup.Bare;

        /// <summary>A bare YARP process (with or without signing), not the gateway.</summary>
        public bool IsYarp => Kind is Setup.Bare or Setup.Signing;

        public string Describe() => Environment.Count == 0 ? CostBenchmark.Describe(Kind) : $"{CostBenchmark.Describe(Kind)}, {string.Join(", ", Environment.Select(e => $"{e.Key}={e.Value}"))}";
    }

    /// <summary>An item check for <c>--setups</c>: a set-up name, optionally followed by <c>+NAME=VALUE</c> settings.</summary>
    public static string? CheckSetup(string item)
    {
        var parts = item.Split('+');
        if (!SetupNames.Contains(parts[0], StringComparer.Ordinal))
        {
            return $"unknown '{parts[0]}'; use {string.Join(", ", SetupNames)}, each optionally followed by +NAME=VALUE.";
        }

        if (parts.Skip(1).FirstOrDefault(p => p.IndexOf('=', StringComparison.Ordinal) <= 0) is { } bad)
        {
            return $"'{bad}' in '{item}' is not NAME=VALUE (an environment variable for the proxy process).";
        }

        var settings = parts.Skip(1).Select(p => p.Split('=', 2)).ToList();
        if (settings.GroupBy(p => p[0], StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            return $"'{twice.Key}' is set twice in '{item}'.";
        }

        return null;
    }

    /// <summary>
    /// The first <c>+GATEWAY_BUILD=DIR</c> whose folder holds no gateway, checked when the run starts (not when the
    /// command line is parsed, so a quoted example still parses): a wrong folder would otherwise show as a gateway that
    /// never opens its port, a minute later.
    /// </summary>
    public static string? MissingBuild(IEnumerable<string> setups) =>
        setups.SelectMany(item => item.Split('+').Skip(1).Select(p => (Item: item, Setting: p.Split('=', 2))))
            .FirstOrDefault(s => s.Setting[0] == LoadEnvironment.GatewayBuildSetting && !File.Exists(Path.Combine(s.Setting[1], "EdgeGateway.dll"))) is { Setting: not null } missing
            ? $"{LoadEnvironment.GatewayBuildSetting}={missing.Setting[1]} in '{missing.Item}' holds no EdgeGateway.dll; name a gateway build's output folder, such as gateway/bin/Release/net10.0."
            : null;

    public static async Task<int> RunAsync(CostOptions options, CancellationToken cancellationToken)
    {
        if (MissingBuild(options.Setups) is { } missing)
        {
            await Console.Error.WriteLineAsync(missing);
            return 2;
        }

        var (copies, duration, warmUp, rounds) = (options.Copies, options.Duration, options.WarmUp, options.Rounds);
        var setups = options.Setups.Select(Parse).ToArray();
        var keys = LoadEnvironment.LoadKeys();
        // The machine's speed can drift during a run (a shared virtual machine): the signature and the verification are
        // timed again before every round, and the floor uses their mean, so it moves with the machine like the set-ups do.
        var signatures = new List<double> { ProxyOverheadBenchmark.MeasureSignatureCost(keys) };
        var verifications = new List<double> { CpuBreakdownBenchmark.MeasureVerificationCost(keys) };
        var (signMs, verifyMs) = (signatures[0], verifications[0]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Cost at saturation: {copies} closed-loop workers, {warmUp.TotalSeconds:0} s warm-up + {duration.TotalSeconds:0} s measured per set-up, {rounds} round(s); {Machine.Describe()}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"In this process: one RSA-2048 signature {signMs * 1000:0} µs, one answer verification {verifyMs * 1000:0} µs of CPU."));

        var runner = new ScenarioRunner();
        var measured = setups.ToDictionary(s => s, _ => new List<(double Rate, double CpuUs, double Switches, double AllocatedKiB, double PerSignature, double MachineUs, long Failed)>());
        for (var round = 1; round <= rounds; round++)
        {
            if (round > 1)
            {
                signatures.Add(ProxyOverheadBenchmark.MeasureSignatureCost(keys));
                verifications.Add(CpuBreakdownBenchmark.MeasureVerificationCost(keys));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round}: one RSA-2048 signature {signatures[^1] * 1000:0} µs, one answer verification {verifications[^1] * 1000:0} µs of CPU."));
            }

            foreach (var setup in round % 2 == 1 ? setups : setups.Reverse())
            {
                // The signature timed just before this set-up: the machine's speed at the time, to read its cost against.
                var signatureUs = ProxyOverheadBenchmark.MeasureSignatureCost(keys) * 1000;
                var (rate, cpuUs, switches, allocatedKiB, machineUs, failed) = await MeasureAsync(runner, setup, keys.MchId, copies, warmUp, duration, round, options.Windows, cancellationToken);
                measured[setup].Add((rate, cpuUs, switches, allocatedKiB, cpuUs / signatureUs, machineUs, failed));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round} {setup.Describe(),-58} {rate,8:0} req/s {cpuUs,7:0} µs CPU/request {machineUs,7:0} µs machine CPU/request {switches,5:0.0} switches/request {allocatedKiB,5:0.0} KiB allocated/request {cpuUs / signatureUs,5:0.00} × the signature timed before it ({signatureUs:0} µs) {failed,5} failed"));
            }
        }

        var bareRuns = measured.Where(m => m.Key.IsBare).SelectMany(m => m.Value).ToList();
        var bare = bareRuns.Count > 0 ? bareRuns.Average(r => r.CpuUs) : double.NaN;
        (signMs, verifyMs) = (signatures.Average(), verifications.Average());
        var floorUs = (signMs + verifyMs) * 1000 + bare;
        var signingRuns = measured.Where(m => m.Key.Kind == Setup.Signing && m.Key.Environment.Count == 0).SelectMany(m => m.Value).ToList();
        var signing = signingRuns.Count > 0 ? signingRuns.Average(r => r.CpuUs) : double.NaN;
        var table = new StringBuilder()
            .AppendLine("| set-up | req/s (rounds) | CPU µs / request (rounds) | machine CPU µs / request | context switches / request | KiB allocated / request | × the signature timed just before (rounds) | × one signature | × floor | × signing YARP |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var setup in setups)
        {
            var runs = measured[setup];
            var cpu = runs.Average(r => r.CpuUs);
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {setup.Describe()} | {Spread(runs.Select(r => r.Rate), "0")} | {Spread(runs.Select(r => r.CpuUs), "0")} | {Spread(runs.Select(r => r.MachineUs), "0")} | {Spread(runs.Select(r => r.Switches), "0.0")} | {(setup.IsYarp ? "–" : Spread(runs.Select(r => r.AllocatedKiB), "0.0"))} | {Spread(runs.Select(r => r.PerSignature), "0.00")} | {cpu / (signMs * 1000):0.00} × | {Ratio(!setup.IsBare, cpu, floorUs)} | {Ratio(!setup.IsYarp, cpu, signing)} |"));
        }

        table.AppendLine().AppendLine(double.IsNaN(bare)
            ? "No floor: add the bare set-up (--setups bare,…) to compare with bare YARP in the same run."
            : string.Create(CultureInfo.InvariantCulture,
                $"Floor per signed request (means over the rounds): signature {signMs * 1000:0} µs ({Spread(signatures.Select(v => v * 1000), "0")}) + verification {verifyMs * 1000:0} µs + bare YARP {bare:0} µs = {floorUs:0} µs."));
        if (!double.IsNaN(signing))
        {
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"The floor made real: YARP that signs and verifies and does nothing else costs {signing:0} µs a request; its req/s is what any gateway that signs could serve in this harness on this machine."));
        }

        foreach (var (setup, runs) in measured.Where(m => m.Value.Any(r => r.Failed > 0)))
        {
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"**{runs.Sum(r => r.Failed)} requests of {setup.Describe()} failed** (not 2xx): its figures are not what a served request costs."));
        }

        table.AppendLine("Machine CPU: every process's (the proxy, the runner's workers, the upstream, Redis, the rest) over the measured window, per request; the cores it leaves idle are what more throughput could use.");
        Console.WriteLine();
        Console.WriteLine(table.ToString());
        return measured.Values.SelectMany(r => r).Any(r => r.Failed > 0) ? 1 : 0;
    }

    /// <summary><paramref name="cpu"/> as a multiple of <paramref name="reference"/>, or a dash where it does not apply or was not measured.</summary>
    private static string Ratio(bool applies, double cpu, double reference) =>
        !applies || double.IsNaN(reference) ? "–" : (cpu / reference).ToString("0.00", CultureInfo.InvariantCulture) + " ×";

    private static async Task<(double Rate, double CpuUs, double Switches, double AllocatedKiB, double MachineUs, long Failed)> MeasureAsync(ScenarioRunner runner, Variant variant, string mchId, int copies,
        TimeSpan warmUp, TimeSpan duration, int round, TimeSpan windows, CancellationToken cancellationToken)
    {
        var setup = variant.Kind;
        var settings = new Dictionary<string, string>(Settings.GatewaySettings())
        {
            ["EdgeGateway:Telemetry:TracingEnabled"] = setup == Setup.NoTracing ? "false" : "true",
            // As shipped, a request is logged at Information; the Warning set-up shows what that line costs.
            ["Logging:LogLevel:Default"] = setup == Setup.Warning ? "Warning" : "Information",
            ["EdgeGateway:Telemetry:RedisCommandSpans"] = setup == Setup.RedisSpans ? "true" : "false",
        };
        await using var environment = await LoadEnvironment.StartAsync(gateway: !variant.IsYarp, bareProxy: variant.IsYarp,
            redis: setup is not (Setup.Bare or Setup.Signing or Setup.Memory), settings, staticUpstream: true, proxyEnvironment: variant.Environment,
            bareProxySigns: setup == Setup.Signing);
        if (setup is not (Setup.Bare or Setup.Signing or Setup.Memory) && environment.Redis is null)
        {
            throw new InvalidOperationException("redis-server is not installed; the cost run needs it for the shipped set-ups (apt-get install -y redis-server).");
        }

        var process = variant.IsYarp ? environment.BareProxy! : environment.Gateway!;
        var address = variant.IsYarp ? environment.BareProxyAddress! : environment.GatewayAddress!;
        using var client = ProxyOverheadBenchmark.Client(address, variant.IsYarp ? null : Settings.ApiKey);
        if (setup == Setup.Bare)
        {
            // Bare YARP forwards whatever it gets; the static upstream checks nothing, so a fixed Authorization stands in.
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization",
                "WECHATPAY2-SHA256-RSA2048 mchid=\"1900000001\",nonce_str=\"593BEC0C930BF1AFEB40B4A08C8FB242\",timestamp=\"1554208460\",serial_no=\"1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C\",signature=\"c2lnbmF0dXJl\"");
        }

        var scenario = ProxyOverheadBenchmark.PlainScenario(client, mchId, $"K{(int)setup}{round}{ProxyOverheadBenchmark.Stamp()}{variant.Index}N");
        using var stopWindows = new CancellationTokenSource();
        var windowed = windows > TimeSpan.Zero && environment.GatewayManagementAddress is { } management
            ? WatchWindowsAsync(process, management, windows, stopWindows.Token)
            : Task.FromResult<IReadOnlyList<string>>([]);
        await runner.RunAsync(scenario, new ClosedModel(copies, warmUp), TimeSpan.Zero, cancellationToken);
        var before = process.CpuTime;
        var machineBefore = MachineBusy();
        var switchesBefore = process.ContextSwitches;
        var allocatedBefore = await AllocatedBytesAsync(environment.GatewayManagementAddress, cancellationToken);
        var result = await runner.RunAsync(scenario with { Name = $"{setup} #{round}" }, new ClosedModel(copies, duration), TimeSpan.Zero, cancellationToken);
        var used = process.CpuTime - before;
        var machine = MachineBusy() - machineBefore;
        var switched = process.ContextSwitches - switchesBefore;
        var allocated = await AllocatedBytesAsync(environment.GatewayManagementAddress, cancellationToken) - allocatedBefore;
        if (process.HasExited)
        {
            throw new InvalidOperationException($"{process.Name} exited during {setup}:{System.Environment.NewLine}{process.Tail()}");
        }

        await stopWindows.CancelAsync();
        foreach (var line in await windowed)
        {
            Console.WriteLine(line);
        }

        var completed = Math.Max(1, result.Completed);
        return (result.AchievedRate, used.TotalMilliseconds * 1000 / completed, (double)switched / completed, allocated / 1024 / completed,
            machine.TotalMilliseconds * 1000 / completed, result.Completed - result.Succeeded);
    }

    /// <summary>
    /// CPU time every core has spent busy so far (user, nice, system, interrupts, stolen: all but idle and I/O wait), from the
    /// first line of <c>/proc/stat</c>; zero where there is none.
    /// </summary>
    private static TimeSpan MachineBusy()
    {
        if (!File.Exists("/proc/stat"))
        {
            return TimeSpan.Zero;
        }

        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // cpu user nice system idle iowait irq softirq steal …, in clock ticks of 10 ms (USER_HZ is 100 on Linux).
        var busy = new[] { 1, 2, 3, 6, 7, 8 }.Where(i => i < fields.Length).Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture));
        return TimeSpan.FromMilliseconds(busy * 10);
    }

    /// <summary>
    /// <c>--windows S</c>: the gateway's CPU per request in each S seconds from its first request (warm-up included), from its
    /// CPU time and its own count of requests served: how long a fresh process takes to reach its steady cost.
    /// </summary>
    private static async Task<IReadOnlyList<string>> WatchWindowsAsync(ChildProcess process, Uri management, TimeSpan window, CancellationToken stop)
    {
        var lines = new List<string>();
        var (cpu, served) = (process.CpuTime, await ServedAsync(management));
        var started = DateTime.UtcNow;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(window, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var (nowCpu, nowServed) = (process.CpuTime, await ServedAsync(management));
            var requests = nowServed - served;
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"  {(DateTime.UtcNow - started).TotalSeconds,4:0} s: {requests / window.TotalSeconds,6:0} req/s {(requests > 0 ? (nowCpu - cpu).TotalMilliseconds * 1000 / requests : double.NaN),6:0} µs CPU/request"));
            (cpu, served) = (nowCpu, nowServed);
        }

        return lines;
    }

    /// <summary>Requests the gateway has answered so far (0 before the first: the series does not exist yet).</summary>
    private static async Task<double> ServedAsync(Uri management) =>
        await MetricSumAsync(management, "http_server_request_duration_seconds_count", CancellationToken.None) is var served && double.IsNaN(served) ? 0 : served;

    /// <summary>Bytes the gateway has allocated on its managed heap so far, from its own metrics (NaN without a gateway).</summary>
    private static Task<double> AllocatedBytesAsync(Uri? management, CancellationToken cancellationToken) =>
        management is null ? Task.FromResult(double.NaN) : MetricSumAsync(management, "dotnet_gc_heap_total_allocated_bytes_total", cancellationToken);

    /// <summary>The sum of a metric's series on the gateway's Prometheus endpoint (NaN when it has none).</summary>
    private static async Task<double> MetricSumAsync(Uri management, string metric, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var text = await client.GetStringAsync(new Uri(management, "metrics"), cancellationToken);
        var (sum, found) = (0.0, false);
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(metric, StringComparison.Ordinal) && line.Length > metric.Length && line[metric.Length] is '{' or ' ')
            {
                sum += double.Parse(line.AsSpan(line.LastIndexOf(' ') + 1), CultureInfo.InvariantCulture);
                found = true;
            }
        }

        return found ? sum : double.NaN;
    }

    private static string Spread(IEnumerable<double> values, string format)
    {
        var list = values.ToList();
        return list.Count == 1
            ? list[0].ToString(format, CultureInfo.InvariantCulture)
            : $"{list.Min().ToString(format, CultureInfo.InvariantCulture)}–{list.Max().ToString(format, CultureInfo.InvariantCulture)}";
    }

    private static Variant Parse(string item, int index)
    {
        var parts = item.Split('+');
        var environment = parts.Skip(1).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        return new Variant(ParseKind(parts[0]), environment, index);
    }

    private static Setup ParseKind(string name) => name switch
    {
        "bare" => Setup.Bare,
        "signing" => Setup.Signing,
        "shipped" => Setup.Shipped,
        "memory" => Setup.Memory,
        "no-tracing" => Setup.NoTracing,
        "warning" => Setup.Warning,
        "redis-spans" => Setup.RedisSpans,
        _ => throw new ArgumentException($"Unknown set-up '{name}'; use {string.Join(", ", SetupNames)}."),
    };

    private static string Describe(Setup setup) => setup switch
    {
        Setup.Bare => "bare YARP",
        Setup.Signing => "YARP that signs and verifies, nothing else",
        Setup.Shipped => "gateway as shipped (Redis, tracing, logs at Information)",
        Setup.Memory => "gateway, in-memory stores (tracing, Information)",
        Setup.NoTracing => "gateway, tracing off (Redis, Information)",
        Setup.Warning => "gateway, logs at Warning (Redis, tracing)",
        _ => "gateway as shipped plus a span per Redis command",
    };
}

/// <summary>What <c>cost</c> was asked for: closed-loop workers, measured and warm-up time per set-up, rounds, and the set-ups by name.</summary>
internal sealed record CostOptions(int Copies, TimeSpan Duration, TimeSpan WarmUp, int Rounds, IReadOnlyList<string> Setups, TimeSpan Windows = default);
