using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using EdgeGateway.Configuration;
using EdgeGateway.LoadTests.Commands;
using EdgeGateway.Simulator;
using EdgeGateway.Simulator.Keys;

namespace EdgeGateway.LoadTests.Benchmarks;

/// <summary>
/// <c>config-reload</c>: what validating the whole configuration costs, and how long an edit of config/ takes to
/// apply — from the file being written to the new version being active, and to a newly added route serving.
/// </summary>
internal static class ConfigReloadBenchmark
{
    private const int Validations = 200;
    private const int Edits = 20;

    public static async Task<int> RunAsync()
    {
        var root = Directory.CreateTempSubdirectory("edgegateway-bench-config-").FullName;
        File.Copy(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), Path.Combine(root, "appsettings.json"));
        Directory.CreateDirectory(Path.Combine(root, "config"));
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "config"), "*.json"))
        {
            File.Copy(file, Path.Combine(root, "config", Path.GetFileName(file)));
        }

        var keys = SandboxKeyMaterial.LoadOrCreate(Path.Combine(root, ".keys"));
        await using var simulator = await SimulatorHost.StartAsync(keys.ToSimulatorOptions());
        var port = FreePort();
        var settings = Settings.Gateway(keys, simulator.BaseAddress, port, FreePort(), "Error");
        await using var app = GatewayApplication.Create(["--contentRoot", root], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders();
        });
        await app.StartAsync();
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        client.DefaultRequestHeaders.Add("X-Api-Key", Settings.ApiKey);
        var configuration = app.Services.GetRequiredService<PolicyCatalogProvider>();
        var shape = $"{configuration.Active.Routes.Count} routes, {configuration.Active.Clusters.Count} cluster(s)";

        var validation = new List<double>();
        for (var i = 0; i < Validations; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var candidate = configuration.Validate();
            validation.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (candidate.Problems.Count > 0)
            {
                throw new InvalidOperationException(string.Join(Environment.NewLine, candidate.Problems));
            }
        }

        var applied = new List<double>();
        var serving = new List<double>();
        var policiesPath = Path.Combine(root, "config", "policies.json");
        var routesPath = Path.Combine(root, "config", "routes.json");
        var shippedRoutes = File.ReadAllText(routesPath);
        for (var i = 0; i < Edits; i++)
        {
            var version = configuration.Active.Version;
            var policies = JsonNode.Parse(File.ReadAllText(policiesPath))!;
            policies["Policies"]!["RateLimits"]!["bills"]!["PermitsPerSecond"] = 20 + i + 1;
            var started = Stopwatch.GetTimestamp();
            Write(policiesPath, policies.ToJsonString());
            while (configuration.Active.Version == version)
            {
                await Task.Delay(5);
            }

            applied.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);

            // A new route (an alias of the certificates route) until it serves, then removed again.
            var routes = JsonNode.Parse(shippedRoutes)!;
            var alias = routes["ReverseProxy"]!["Routes"]!["certificates"]!.DeepClone();
            alias["Match"]!["Path"] = $"/v3/certificates-{i}";
            routes["ReverseProxy"]!["Routes"]![$"certificates-{i}"] = alias;
            started = Stopwatch.GetTimestamp();
            Write(routesPath, routes.ToJsonString());
            while (true)
            {
                using var response = await client.GetAsync($"/v3/certificates-{i}");
                if (response.StatusCode != System.Net.HttpStatusCode.NotFound || response.Headers.Contains("Wechatpay-Signature"))
                {
                    break; // the gateway routed it (the simulator's own 404 is signed)
                }

                await Task.Delay(5);
            }

            serving.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            Write(routesPath, shippedRoutes);
        }

        await app.StopAsync();
        Console.WriteLine($"Configuration of {shape}; {Environment.ProcessorCount} cores; file watcher: {(Environment.GetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER") is { Length: > 0 } ? "polling" : "inotify")}");
        Console.WriteLine("measurement                                              n      p50 ms     p99 ms     max ms");
        Report("validate the whole configuration (routes, policies, YARP)", validation);
        Report("policies.json written -> new version active", applied);
        Report("routes.json written -> the added route serves", serving);
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }

        return 0;
    }

    private static void Write(string path, string text)
    {
        File.WriteAllText(path + ".tmp", text);
        File.Move(path + ".tmp", path, overwrite: true);
    }

    private static void Report(string name, List<double> values)
    {
        values.Sort();
        double At(double q) => values[Math.Min(values.Count - 1, (int)Math.Ceiling(q * values.Count) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-56} {values.Count,3} {At(0.5),10:F1} {At(0.99),10:F1} {values[^1],10:F1}"));
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
