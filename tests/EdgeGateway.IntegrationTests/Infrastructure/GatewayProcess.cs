using System.Diagnostics;
using System.Globalization;

namespace EdgeGateway.IntegrationTests.Infrastructure;

/// <summary>
/// The built gateway as a real, separate process (<c>dotnet EdgeGateway.dll</c> from the test output, with the
/// shipped appsettings.json and config/ as content root and settings on the command line), so a test can
/// kill it outright (SIGKILL) as a crash would, and start it again. Its console output is kept for diagnosis.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private readonly TestChildProcess _process = new("gateway", keptLines: 400);
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly string _contentRoot;
    private readonly IReadOnlyDictionary<string, string> _environment;

    private GatewayProcess(IReadOnlyDictionary<string, string?> settings, int publicPort, int managementPort, string? contentRoot = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        _settings = settings;
        _contentRoot = contentRoot ?? AppContext.BaseDirectory;
        _environment = environment ?? new Dictionary<string, string>();
        Address = new Uri($"http://127.0.0.1:{publicPort}");
        ManagementAddress = new Uri($"http://127.0.0.1:{managementPort}");
        Client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        ManagementClient = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = ManagementAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Address { get; }

    public Uri ManagementAddress { get; }

    public HttpClient Client { get; }

    public HttpClient ManagementClient { get; }

    /// <summary>The last lines the process wrote (for assertion messages).</summary>
    public string Output => _process.Output;

    /// <summary>
    /// Starts a gateway with sandbox mode off, the test merchant's keys, the given upstream (simulator) and
    /// <paramref name="settings"/> on top; returns once its management listener answers.
    /// </summary>
    /// <param name="contentRoot">A folder with appsettings.json and config/ (else the copy in the test output).</param>
    /// <param name="environment">Extra environment variables for the process (e.g. DOTNET_USE_POLLING_FILE_WATCHER).</param>
    public static async Task<GatewayProcess> StartAsync(Uri upstream, IDictionary<string, string?> settings, string? contentRoot = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var keys = TestKeys.Material;
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["EdgeGateway:Sandbox:Enabled"] = "false",
            ["EdgeGateway:DefaultMchId"] = keys.MchId,
            [$"EdgeGateway:Merchants:{keys.MchId}:CertificateSerial"] = keys.MerchantCertificateSerial,
            [$"EdgeGateway:Merchants:{keys.MchId}:PrivateKeyFile"] = keys.MerchantPrivateKeyPath,
            [$"EdgeGateway:Merchants:{keys.MchId}:ApiV3KeyFile"] = keys.ApiV3KeyPath,
            [$"EdgeGateway:Merchants:{keys.MchId}:PlatformCertificateFiles:0"] = keys.PlatformCertificatePath,
            ["EdgeGateway:Certificates:CacheDirectory"] = Path.Combine(Path.GetTempPath(), "edgegateway-tests-" + Environment.ProcessId, "process-cache-" + Guid.NewGuid().ToString("N")),
            [$"EdgeGateway:Callers:{GatewayTestHost.DefaultCallerName}:ApiKeySha256"] = GatewayTestHost.HashApiKey(GatewayTestHost.DefaultApiKey),
            [$"EdgeGateway:Callers:{GatewayTestHost.DefaultCallerName}:Routes:0"] = "*",
            [$"EdgeGateway:Callers:{GatewayTestHost.DefaultCallerName}:MchIds:0"] = "*",
            ["ReverseProxy:Clusters:wechatpay:Destinations:primary:Address"] = upstream.ToString(),
            ["ReverseProxy:Clusters:wechatpay:Destinations:backup:Address"] = upstream.ToString(),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:Console:FormatterName"] = "simple",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var process = new GatewayProcess(all, GatewayTestHost.FreePort(), GatewayTestHost.FreePort(), contentRoot, environment);
        await process.StartAsync();
        return process;
    }

    /// <summary>
    /// Starts a gateway as it ships: sandbox mode on (the shipped appsettings.json), no merchant, caller or upstream
    /// configured, only the sandbox's keys taken from <paramref name="keysDirectory"/> (so none are generated) and the
    /// certificate cache in a temporary folder; returns once its management listener answers.
    /// </summary>
    public static async Task<GatewayProcess> StartSandboxAsync(string keysDirectory)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["EdgeGateway:Sandbox:Enabled"] = "true",
            ["EdgeGateway:Sandbox:KeysDirectory"] = keysDirectory,
            ["EdgeGateway:Certificates:CacheDirectory"] = Path.Combine(Path.GetTempPath(), "edgegateway-tests-" + Environment.ProcessId, "process-cache-" + Guid.NewGuid().ToString("N")),
            ["Logging:Console:FormatterName"] = "simple",
        };
        var process = new GatewayProcess(settings, GatewayTestHost.FreePort(), GatewayTestHost.FreePort());
        await process.StartAsync();
        return process;
    }

    /// <summary>Starts the process (again, after a kill) on the same ports with the same settings.</summary>
    public async Task StartAsync()
    {
        var info = TestChildProcess.DotnetStartInfo("EdgeGateway.dll");
        info.ArgumentList.Add("--contentRoot");
        info.ArgumentList.Add(_contentRoot);
        info.ArgumentList.Add($"--Kestrel:Endpoints:Public:Url={Address.GetLeftPart(UriPartial.Authority)}");
        info.ArgumentList.Add($"--Kestrel:Endpoints:Management:Url={ManagementAddress.GetLeftPart(UriPartial.Authority)}");
        foreach (var (key, value) in _settings)
        {
            info.ArgumentList.Add($"--{key}={value}");
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in _environment)
        {
            info.Environment[name] = value;
        }

        await _process.StartAsync(info, ManagementClient, "/health/live");
    }

    /// <summary>Kills the process at once (SIGKILL): no graceful shutdown, whatever it was doing is cut off.</summary>
    public Task KillAsync() => _process.KillAsync();

    /// <summary>The process's exit code once it has exited, else null.</summary>
    public int? ExitCode => _process.ExitCode;

    /// <summary>
    /// Sends SIGTERM, as Kubernetes does to stop a pod, and returns without waiting: the gateway should stop
    /// accepting, drain what is in flight and exit by itself (see <see cref="WaitForExitAsync"/>).
    /// </summary>
    public async Task TerminateAsync()
    {
        if (_process.Current is not { HasExited: false } process)
        {
            return;
        }

        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", process.Id.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false })
            ?? throw new InvalidOperationException("kill did not start.");
        await kill.WaitForExitAsync();
    }

    /// <summary>Waits for the process to exit by itself; returns its exit code, or null if it was still running after <paramref name="timeout"/>.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        if (_process.Current is not { } process)
        {
            return null;
        }

        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        Client.Dispose();
        ManagementClient.Dispose();
    }
}
