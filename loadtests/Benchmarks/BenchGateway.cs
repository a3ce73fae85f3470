using EdgeGateway.LoadTests.Commands;
using EdgeGateway.Simulator;
using EdgeGateway.Simulator.Keys;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace EdgeGateway.LoadTests.Benchmarks;

/// <summary>A gateway on a loopback port in this process, in front of a given simulator, for benchmarks.</summary>
internal sealed class BenchGateway : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BenchGateway(WebApplication app, Uri address)
    {
        _app = app;
        Client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        Client.DefaultRequestHeaders.Add("X-Api-Key", Settings.ApiKey);
    }

    public HttpClient Client { get; }

    public static async Task<BenchGateway> StartAsync(SandboxKeyMaterial keys, SimulatorHost simulator, string? redis, IDictionary<string, string?> extra)
    {
        var port = FreePort();
        var settings = new Dictionary<string, string?>
        {
            ["EdgeGateway:Sandbox:Enabled"] = "false",
            ["Kestrel:Endpoints:Public:Url"] = $"http://127.0.0.1:{port}",
            ["Kestrel:Endpoints:Management:Url"] = $"http://127.0.0.1:{FreePort()}",
            ["EdgeGateway:DefaultMchId"] = keys.MchId,
            [$"EdgeGateway:Merchants:{keys.MchId}:CertificateSerial"] = keys.MerchantCertificateSerial,
            [$"EdgeGateway:Merchants:{keys.MchId}:PrivateKeyFile"] = keys.MerchantPrivateKeyPath,
            [$"EdgeGateway:Merchants:{keys.MchId}:ApiV3KeyFile"] = keys.ApiV3KeyPath,
            [$"EdgeGateway:Merchants:{keys.MchId}:PlatformCertificateFiles:0"] = keys.PlatformCertificatePath,
            ["ReverseProxy:Clusters:wechatpay:Destinations:primary:Address"] = simulator.BaseAddress.ToString(),
            ["ReverseProxy:Clusters:wechatpay:Destinations:backup:Address"] = simulator.BaseAddress.ToString(),
            ["EdgeGateway:Redis:Configuration"] = redis,
            ["EdgeGateway:Redis:KeyPrefix"] = $"bench:{Guid.NewGuid():N}:",
            ["Logging:LogLevel:Default"] = "Error",
        };
        foreach (var (key, value) in Settings.GatewaySettings())
        {
            settings[key] = value;
        }

        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        var app = await GatewayApplication.CreateAsync(["--contentRoot", AppContext.BaseDirectory], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders();
        });
        await app.StartAsync();
        return new BenchGateway(app, new Uri($"http://127.0.0.1:{port}"));
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
