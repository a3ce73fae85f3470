using Yarp.ReverseProxy.Configuration;

namespace EdgeGateway.LoadTests.Benchmarks.Hosts;

/// <summary>
/// YARP with nothing added: one catch-all route to one destination, default transforms. The baseline the
/// gateway's own work is measured against (<c>EdgeGateway.LoadTests bare-proxy --urls … --upstream …</c>).
/// </summary>
public static class BareProxyHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        var urls = Argument(args, "--urls") ?? "http://127.0.0.1:5199";
        var upstream = Argument(args, "--upstream") ?? throw new ArgumentException("bare-proxy needs --upstream URL");
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

    internal static string? Argument(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
