using EdgeGateway.Simulator;
using EdgeGateway.Simulator.Keys;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeGateway.IntegrationTests.Infrastructure;

/// <summary>
/// A real gateway (Kestrel on a loopback port) in front of a real simulator (another Kestrel), both in
/// this process, with the shipped config/ and test keys. <see cref="StartAsync"/>'s settings layer extra configuration.
/// </summary>
public sealed class GatewayTestHost : IAsyncDisposable
{
    private GatewayTestHost(WebApplication app, SimulatorHost simulator, SandboxKeyMaterial keys, CapturingLoggerProvider logs, Uri address, Uri managementAddress)
    {
        ManagementAddress = managementAddress;
        ManagementClient = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = managementAddress, Timeout = TimeSpan.FromSeconds(60) };
        App = app;
        Simulator = simulator;
        Keys = keys;
        Logs = logs;
        Address = address;
        Client = CreateClient(DefaultApiKey);
    }

    /// <summary>The API key of the caller every test host has (<c>test</c>: all routes, all merchants); test-only.</summary>
    public const string DefaultApiKey = "test-only-caller-key-7f3c9a";

    /// <summary>Name of the caller that <see cref="DefaultApiKey"/> authenticates.</summary>
    public const string DefaultCallerName = "test";

    /// <summary>SHA-256 hex of an API key, as <c>EdgeGateway:Callers:{name}:ApiKeySha256</c> wants it.</summary>
    public static string HashApiKey(string apiKey) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(apiKey)));

    /// <summary>A client of the public listener sending <paramref name="apiKey"/> as X-Api-Key (none when null).</summary>
    public HttpClient CreateClient(string? apiKey)
    {
        // ActivityHeadersPropagator = null: a test client stands for a service in another process. The gateway's
        // tracer listens process-wide, and the runtime would otherwise replace a traceparent a test sets.
        var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, ActivityHeadersPropagator = null })
        {
            BaseAddress = Address,
            Timeout = TimeSpan.FromSeconds(60),
        };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return client;
    }

    public WebApplication App { get; }

    public SimulatorHost Simulator { get; }

    public SandboxKeyMaterial Keys { get; }

    public CapturingLoggerProvider Logs { get; }

    public Uri Address { get; }

    public HttpClient Client { get; }

    /// <summary>The management listener (health, metrics, operator endpoints).</summary>
    public Uri ManagementAddress { get; }

    public HttpClient ManagementClient { get; }

    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    /// <param name="settings">Extra configuration (keys like <c>EdgeGateway:MaxRequestBodyBytes</c>).</param>
    /// <param name="simulator">An already running simulator to put behind the gateway (else one is started).</param>
    /// <param name="contentRoot">A folder with appsettings.json and config/ (else the copy in the test output).</param>
    /// <param name="configureGateway">Runs on the gateway's builder after the test settings (e.g. to add an in-memory exporter).</param>
    public static async Task<GatewayTestHost> StartAsync(
        IDictionary<string, string?>? settings = null,
        SimulatorHost? simulator = null,
        string? contentRoot = null,
        Action<SimulatorOptions>? configureSimulator = null,
        Action<WebApplicationBuilder>? configureGateway = null)
    {
        var keys = TestKeys.Material;
        if (simulator is null)
        {
            var options = keys.ToSimulatorOptions();
            configureSimulator?.Invoke(options);
            simulator = await SimulatorHost.StartAsync(options);
        }

        var upstream = simulator.BaseAddress.ToString();
        var publicPort = FreePort();
        var managementPort = FreePort();
        var configuration = new Dictionary<string, string?>
        {
            ["EdgeGateway:Sandbox:Enabled"] = "false",
            ["Kestrel:Endpoints:Public:Url"] = $"http://127.0.0.1:{publicPort}",
            ["Kestrel:Endpoints:Management:Url"] = $"http://127.0.0.1:{managementPort}",
            ["EdgeGateway:DefaultMchId"] = keys.MchId,
            [$"EdgeGateway:Merchants:{keys.MchId}:CertificateSerial"] = keys.MerchantCertificateSerial,
            [$"EdgeGateway:Merchants:{keys.MchId}:PrivateKeyFile"] = keys.MerchantPrivateKeyPath,
            [$"EdgeGateway:Merchants:{keys.MchId}:ApiV3KeyFile"] = keys.ApiV3KeyPath,
            [$"EdgeGateway:Merchants:{keys.MchId}:PlatformCertificateFiles:0"] = keys.PlatformCertificatePath,
            ["ReverseProxy:Clusters:wechatpay:Destinations:primary:Address"] = upstream,
            ["ReverseProxy:Clusters:wechatpay:Destinations:backup:Address"] = upstream,
            ["Logging:LogLevel:Default"] = "Information",
            [$"EdgeGateway:Callers:{DefaultCallerName}:ApiKeySha256"] = HashApiKey(DefaultApiKey),
            [$"EdgeGateway:Callers:{DefaultCallerName}:Routes:0"] = "*",
            [$"EdgeGateway:Callers:{DefaultCallerName}:MchIds:0"] = "*",
            // Each host keeps its own last-good certificate set, so one test's downloads never leak into another.
            ["EdgeGateway:Certificates:CacheDirectory"] = Path.Combine(Path.GetTempPath(), "edgegateway-tests-" + Environment.ProcessId, "certificate-cache-" + Guid.NewGuid().ToString("N")),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var logs = new CapturingLoggerProvider();
        var ownPorts = settings is null || (!settings.ContainsKey("Kestrel:Endpoints:Public:Url") && !settings.ContainsKey("Kestrel:Endpoints:Management:Url"));
        WebApplication? app = null;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                app = GatewayApplication.Create(["--contentRoot", contentRoot ?? AppContext.BaseDirectory], builder =>
                {
                    builder.Configuration.AddInMemoryCollection(configuration);
                    builder.Logging.ClearProviders();
                    builder.Logging.AddProvider(logs);
                    configureGateway?.Invoke(builder);
                });
                try
                {
                    await app.StartAsync();
                    break;
                }
                catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException && ownPorts && attempt < 3)
                {
                    // FreePort's port was taken by another process between the probe and the bind: take two new ones.
                    await app.DisposeAsync();
                    app = null;
                    (publicPort, managementPort) = (FreePort(), FreePort());
                    configuration["Kestrel:Endpoints:Public:Url"] = $"http://127.0.0.1:{publicPort}";
                    configuration["Kestrel:Endpoints:Management:Url"] = $"http://127.0.0.1:{managementPort}";
                }
            }
        }
        catch
        {
            // A host built but not started still holds a tracer provider, a process-wide ActivityListener whose always-on
            // sampler would record the activities of every later test (SamplingTests saw sampled flags it never set).
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            await simulator.DisposeAsync();
            throw;
        }

        return new GatewayTestHost(app, simulator, keys, logs, new Uri($"http://127.0.0.1:{publicPort}"), new Uri($"http://127.0.0.1:{managementPort}"));
    }

    /// <summary>A port free right now (Kestrel's port 0 would hide which named endpoint got which port).</summary>
    /// <summary>
    /// A loopback port that refuses every connection for as long as the result is held: it is bound but not listening, so
    /// no other test or process can take it meanwhile (a <see cref="FreePort"/> left unbound can be, and would answer).
    /// </summary>
    public static RefusingPort RefuseConnections()
    {
        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        socket.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        return new RefusingPort(socket);
    }

    /// <summary>
    /// A loopback port that refuses every connection for the whole test run (<see cref="RefuseConnections"/>, held until the
    /// process ends): the address of a server that is down, which no test's server can ever take.
    /// </summary>
    public static int ClosedPort => Closed.Value.Port;

    private static readonly Lazy<RefusingPort> Closed = new(RefuseConnections);

    /// <summary>See <see cref="RefuseConnections"/>.</summary>
    public sealed class RefusingPort(System.Net.Sockets.Socket socket) : IDisposable
    {
        public int Port { get; } = ((System.Net.IPEndPoint)socket.LocalEndPoint!).Port;

        public void Dispose() => socket.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        ManagementClient.Dispose();
        var configuration = App.Configuration;
        await App.StopAsync();
        await App.DisposeAsync();
        ReleaseFileWatchers(configuration);
        await Simulator.DisposeAsync();
    }

    /// <summary>
    /// Nobody disposes the file providers of the reloadOnChange configuration files (AddJsonFile with an absolute
    /// path creates its own), and each holds an inotify watcher: a test run starts hundreds of hosts, and Linux
    /// allows 128 watchers per user. Call after disposing a gateway built by <see cref="GatewayApplication.Create"/>.
    /// </summary>
    public static void ReleaseFileWatchers(IConfiguration configuration)
    {
        foreach (var provider in ((IConfigurationRoot)configuration).Providers.OfType<FileConfigurationProvider>())
        {
            (provider.Source.FileProvider as IDisposable)?.Dispose();
        }
    }
}
