using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace EdgeGateway.LoadTests.Benchmarks.Hosts;

/// <summary>
/// YARP with nothing added: one catch-all route to one destination, default transforms. The baseline the
/// gateway's own work is measured against (<c>EdgeGateway.LoadTests bare-proxy --urls … --upstream …</c>). With
/// <c>--sign DIR</c> it also signs every request and verifies every answer (<see cref="SigningProxyTransforms"/>).
/// </summary>
public static class BareProxyHost
{
    public static async Task<int> RunAsync(BareProxyOptions options)
    {
        await using var app = Build(options);
        await app.RunAsync();
        return 0;
    }

    /// <summary>The proxy, built and not yet started (tests start it on a port of their own).</summary>
    public static WebApplication Build(BareProxyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        // Started from the repository root, the root appsettings.json would bind its Kestrel endpoints (8080/9090) and
        // win over --urls: a bare proxy has no configuration of its own to read.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.WebHost.UseUrls(options.Urls);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var signing = options.SignKeys is { } keys ? new SigningProxyTransforms(keys) : null;
        if (signing is not null)
        {
            builder.Services.AddSingleton(signing); // disposed with the host
            builder.Services.AddSingleton<IForwarderHttpClientFactory, SigningProxyTransforms.ClientFactory>();
        }

        builder.Services.AddReverseProxy().LoadFromMemory(
            [new RouteConfig { RouteId = "all", ClusterId = "upstream", Match = new RouteMatch { Path = "{**rest}" } }],
            [new ClusterConfig { ClusterId = "upstream", Destinations = new Dictionary<string, DestinationConfig> { ["only"] = new() { Address = options.Upstream } } }])
            .AddTransforms(context => signing?.Apply(context));
        var app = builder.Build();
        app.MapReverseProxy();
        return app;
    }
}

/// <summary>What <c>bare-proxy</c> listens on and forwards to, and the sandbox keys directory it signs with (none: it forwards as it is).</summary>
public sealed record BareProxyOptions(string Urls, string Upstream, string? SignKeys = null);
