using EdgeGateway.LoadTests.Commands;
using EdgeGateway.Simulator;
using EdgeGateway.Simulator.Keys;

namespace EdgeGateway.LoadTests.Benchmarks.Hosts;

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
        var settings = Settings.Gateway(keys, simulator.BaseAddress, port, FreePort(), "Error");
        settings["EdgeGateway:Redis:Configuration"] = redis;
        settings["EdgeGateway:Redis:KeyPrefix"] = $"bench:{Guid.NewGuid():N}:";
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        var app = GatewayApplication.Create(["--contentRoot", AppContext.BaseDirectory], builder =>
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
