using EdgeGateway.Simulator.Keys;

namespace EdgeGateway.LoadTests.Processes;

/// <summary>
/// The processes a load run needs, each its own OS process so their CPU can be measured apart: the
/// simulator, the full gateway (with redis-server when installed), and optionally a bare YARP proxy.
/// Everything listens on 127.0.0.1 and is killed when the environment is disposed.
/// </summary>
public sealed class LoadEnvironment : IAsyncDisposable
{
    private readonly List<ChildProcess> _processes = [];

    private LoadEnvironment(SandboxKeyMaterial keys) => Keys = keys;

    public SandboxKeyMaterial Keys { get; }

    public Uri SimulatorAddress { get; private set; } = null!;

    public Uri? GatewayAddress { get; private set; }

    public Uri? GatewayManagementAddress { get; private set; }

    public Uri? BareProxyAddress { get; private set; }

    public ChildProcess? Gateway { get; private set; }

    public ChildProcess? BareProxy { get; private set; }

    public ChildProcess Simulator { get; private set; } = null!;

    /// <summary>What the gateway and the bare proxy forward to: the simulator, or the static upstream of a cost run.</summary>
    public Uri UpstreamAddress { get; private set; } = null!;

    /// <summary>The upstream's process (the simulator, or the static upstream).</summary>
    public ChildProcess Upstream { get; private set; } = null!;

    public string? RedisEndpoint { get; private set; }

    /// <summary>The redis-server process, when one was asked for and is installed.</summary>
    public ChildProcess? Redis { get; private set; }

    private static string RunDirectory => Path.Combine(Path.GetTempPath(), "edgegateway-load-" + System.Environment.ProcessId);

    /// <summary>The sandbox keys every environment of this runner process uses (made on first use, test-only).</summary>
    public static SandboxKeyMaterial LoadKeys() => SandboxKeyMaterial.LoadOrCreate(Path.Combine(RunDirectory, "keys"));

    /// <summary>
    /// Starts the processes asked for. With <paramref name="staticUpstream"/> the WeChat Pay stand-in is
    /// <see cref="Benchmarks.Hosts.StaticUpstreamHost"/> (one pre-signed answer, almost free) instead of the simulator, for cost runs
    /// where the upstream's own signing must not compete with the proxy for the cores. With <paramref name="bareProxySigns"/>
    /// the bare proxy signs every request and verifies every answer (<c>bare-proxy --sign</c>).
    /// </summary>
    public static async Task<LoadEnvironment> StartAsync(bool gateway, bool bareProxy, bool redis, IDictionary<string, string>? gatewaySettings = null,
        bool staticUpstream = false, IReadOnlyDictionary<string, string>? proxyEnvironment = null, bool bareProxySigns = false)
    {
        var directory = RunDirectory;
        var environment = new LoadEnvironment(LoadKeys());
        try
        {
            if (staticUpstream)
            {
                await environment.StartStaticUpstreamAsync();
            }
            else
            {
                await environment.StartSimulatorAsync();
            }

            if (redis)
            {
                await environment.StartRedisAsync(directory);
            }

            if (gateway)
            {
                await environment.StartGatewayAsync(gatewaySettings ?? new Dictionary<string, string>(), proxyEnvironment);
            }

            if (bareProxy)
            {
                await environment.StartBareProxyAsync(proxyEnvironment, bareProxySigns);
            }

            return environment;
        }
        catch
        {
            await environment.DisposeAsync();
            throw;
        }
    }

    private static string Dll(string name) => Path.Combine(AppContext.BaseDirectory, name);

    private async Task StartSimulatorAsync()
    {
        var port = Ports.Free();
        Simulator = Track(ChildProcess.Start("simulator", "dotnet",
            [Dll("EdgeGateway.Simulator.dll"), "--urls", $"http://127.0.0.1:{port}", "--keys", Keys.Directory]));
        await Simulator.WaitForPortAsync(port, TimeSpan.FromSeconds(30));
        SimulatorAddress = new Uri($"http://127.0.0.1:{port}/");
        Upstream = Simulator;
        UpstreamAddress = SimulatorAddress;
    }

    private async Task StartStaticUpstreamAsync()
    {
        var port = Ports.Free();
        Upstream = Track(ChildProcess.Start("static-upstream", "dotnet",
            [Dll("EdgeGateway.LoadTests.dll"), "static-upstream", "--urls", $"http://127.0.0.1:{port}", "--keys", Keys.Directory],
            new Dictionary<string, string> { ["DOTNET_gcServer"] = "0" }));
        await Upstream.WaitForPortAsync(port, TimeSpan.FromSeconds(30));
        UpstreamAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    private async Task StartRedisAsync(string directory)
    {
        var executable = FindOnPath("redis-server");
        if (executable is null)
        {
            Console.WriteLine("redis-server is not installed: the gateway runs on its in-memory store for this run.");
            return;
        }

        var port = Ports.Free();
        var dataDirectory = Directory.CreateDirectory(Path.Combine(directory, "redis")).FullName;
        var redis = Redis = Track(ChildProcess.Start("redis-server", executable,
            ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dataDirectory]));
        await redis.WaitForPortAsync(port, TimeSpan.FromSeconds(10));
        RedisEndpoint = $"127.0.0.1:{port}";
    }

    /// <summary>A set-up setting that runs the gateway from another build's output folder instead of this runner's own copy.</summary>
    public const string GatewayBuildSetting = "GATEWAY_BUILD";

    /// <summary>The proxy's environment: <paramref name="defaults"/>, then <paramref name="extra"/> over them.</summary>
    private static Dictionary<string, string> ProxyEnvironment(Dictionary<string, string> defaults, IReadOnlyDictionary<string, string>? extra)
    {
        foreach (var (name, value) in extra ?? new Dictionary<string, string>())
        {
            defaults[name] = value;
        }

        return defaults;
    }

    private async Task StartGatewayAsync(IDictionary<string, string> extra, IReadOnlyDictionary<string, string>? environment)
    {
        var port = Ports.Free();
        var managementPort = Ports.Free();
        var settings = Commands.Settings.Gateway(Keys, UpstreamAddress, port, managementPort);
        if (RedisEndpoint is not null)
        {
            settings["EdgeGateway:Redis:Configuration"] = RedisEndpoint;
        }

        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        // GATEWAY_BUILD names the output folder of another build of the gateway (an earlier commit, say), so two builds
        // can be compared in one run; it is not passed on to the process.
        var build = environment?.GetValueOrDefault(GatewayBuildSetting) ?? AppContext.BaseDirectory;
        var arguments = new List<string> { Path.Combine(build, "EdgeGateway.dll"), "--contentRoot", build };
        arguments.AddRange(settings.Select(s => $"--{s.Key}={s.Value}"));
        Gateway = Track(ChildProcess.Start("gateway", "dotnet", arguments,
            ProxyEnvironment(new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["DOTNET_gcServer"] = "0" },
                environment?.Where(e => e.Key != GatewayBuildSetting).ToDictionary())));
        await Gateway.WaitForPortAsync(port, TimeSpan.FromSeconds(60));
        GatewayAddress = new Uri($"http://127.0.0.1:{port}/");
        GatewayManagementAddress = new Uri($"http://127.0.0.1:{managementPort}/");
    }

    private async Task StartBareProxyAsync(IReadOnlyDictionary<string, string>? environment, bool signs)
    {
        var port = Ports.Free();
        List<string> arguments = [Dll("EdgeGateway.LoadTests.dll"), "bare-proxy", "--urls", $"http://127.0.0.1:{port}", "--upstream", UpstreamAddress.ToString()];
        if (signs)
        {
            arguments.AddRange(["--sign", Keys.Directory]);
        }

        BareProxy = Track(ChildProcess.Start(signs ? "signing-yarp" : "bare-yarp", "dotnet", arguments,
            ProxyEnvironment(new Dictionary<string, string> { ["DOTNET_gcServer"] = "0" }, environment)));
        await BareProxy.WaitForPortAsync(port, TimeSpan.FromSeconds(60));
        BareProxyAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    private ChildProcess Track(ChildProcess process)
    {
        _processes.Add(process);
        return process;
    }

    private static string? FindOnPath(string name) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':')
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_processes))
        {
            await process.DisposeAsync();
        }
    }
}
