using Yarp.ReverseProxy.Configuration;

namespace EdgeGateway.LoadTests.Benchmarks.Hosts;

/// <summary>
/// YARP with nothing added: one catch-all route to one destination, default transforms. The baseline the
/// gateway's own work is measured against (<c>EdgeGateway.LoadTests bare-proxy --urls … --upstream …</c>).
/// </summary>
public static class BareProxyHost
{
    public static async Task<int> RunAsync(BareProxyOptions options)
    {
        var (urls, upstream) = (options.Urls, options.Upstream);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        // Started from the repository root, the root appsettings.json would bind its Kestrel endpoints (8080/9090) and
        // win over --urls: a bare proxy has no configuration of its own to read.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.WebHost.UseUrls(urls);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddReverseProxy().LoadFromMemory(
            [new RouteConfig { RouteId = "all", ClusterId = "upstream", Match = new RouteMatch { Path = "{**rest}" } }],
            [new ClusterConfig { ClusterId = "upstream", Destinations = new Dictionary<string, DestinationConfig> { ["only"] = new() { Address = upstream } } }]);
        var app = builder.Build();
        app.MapReverseProxy();
        await app.RunAsync();
        return 0;
    }
}

/// <summary>What <c>bare-proxy</c> listens on and forwards to.</summary>
public sealed record BareProxyOptions(string Urls, string Upstream);
