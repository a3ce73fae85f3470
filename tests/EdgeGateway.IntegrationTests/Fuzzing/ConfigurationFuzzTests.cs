using System.Net;
using EdgeGateway.Configuration;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Telemetry;
using EdgeGateway.UnitTests.Fuzzing;

namespace EdgeGateway.IntegrationTests.Fuzzing;

/// <summary>
/// Mutation fuzzing of the configuration loader: the files of config/ mutated byte by byte and by structure.
/// At start the gateway either starts or refuses with <see cref="GatewayConfigurationException"/> listing the
/// problems (exit code 2), never with another exception and its stack trace. On a hot reload a mutated file
/// never takes a running gateway down, and once the files are good again it serves as before.
/// </summary>
public sealed class ConfigurationFuzzTests
{
    private const int StartupIterations = 40;
    private const int ReloadMutations = 24;

    [Fact]
    public async Task Startup_MutatedConfigFiles_StartOrRefuseWithTheProblemsListed()
    {
        var bytes = new Mutator(seed: 61);
        var structure = new JsonMutator(seed: 62);
        var failures = new List<string>();
        var (started, refused) = (0, 0);
        for (var i = 0; i < StartupIterations; i++)
        {
            using var root = ContentRootCopy.Create();
            var file = root.ConfigFiles[i % root.ConfigFiles.Count];
            var mutated = i % 2 == 0 ? bytes.Mutate(root.Original(file)) : structure.Mutate(root.Original(file));
            root.Write(file, mutated);
            try
            {
                await using var host = await GatewayTestHost.StartAsync(contentRoot: root.Directory);
                using var live = await host.ManagementClient.GetAsync("/health/live");
                Assert.Equal(HttpStatusCode.OK, live.StatusCode);
                started++;
            }
            catch (GatewayConfigurationException ex)
            {
                Assert.NotEmpty(ex.Errors);
                Assert.All(ex.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e)));
                refused++;
            }
            catch (Exception ex)
            {
                failures.Add($"iteration {i}, config/{file}: {ex}{Environment.NewLine}--- the mutated file ---{Environment.NewLine}{mutated}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {StartupIterations} starts failed with an exception other than GatewayConfigurationException:{Environment.NewLine}{string.Join(Environment.NewLine + Environment.NewLine, failures.Take(3))}");
        Assert.True(started > 0 && refused > 0, $"the mutations should reach both outcomes (started {started}, refused {refused})");
    }

    /// <summary>
    /// Found by this fuzzer: each of these stopped the start with another exception and a stack trace instead of the
    /// list of problems (InvalidDataException from the JSON reader, FormatException from YARP reading a duration,
    /// InvalidOperationException from YARP's first validation).
    /// </summary>
    [Theory]
    [InlineData("callbacks.json", "{\"Callbacks\": {}", "config/callbacks.json: file: the file is not valid")]
    [InlineData("routes.json", "\"Timeout\": \"00:00:15\"|\"Timeout\": \"00:00:1\ud83d\ude005\"", "config/routes.json: ReverseProxy: String '00:00:1")]
    [InlineData("routes.json", "\"Path\": \"/v3/pay/transactions/jsapi\"|\"Pat\": \"/v3/pay/transactions/jsapi\"", "config/routes.json: route 'pay-jsapi': Route 'pay-jsapi' requires Hosts or Path specified.")]
    public async Task Startup_Regression_BrokenFile_IsRefusedWithTheProblemListed(string file, string edit, string expected)
    {
        using var root = ContentRootCopy.Create();
        var parts = edit.Split('|');
        root.Write(file, parts.Length == 2 ? root.Original(file).Replace(parts[0], parts[1], StringComparison.Ordinal) : parts[0]);

        var refused = await Assert.ThrowsAsync<GatewayConfigurationException>(() => GatewayTestHost.StartAsync(contentRoot: root.Directory));

        Assert.Contains(refused.Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task HotReload_MutatedConfigFiles_GatewayKeepsAnsweringAndServesAgainOnceRestored()
    {
        using var root = ContentRootCopy.Create();
        await using var host = await GatewayTestHost.StartAsync(contentRoot: root.Directory);
        Assert.Equal(HttpStatusCode.OK, await PrepayAsync(host));

        using var stop = new CancellationTokenSource();
        var statuses = new List<HttpStatusCode>();
        var traffic = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var status = await PrepayAsync(host);
                lock (statuses)
                {
                    statuses.Add(status);
                }
            }
        });

        var bytes = new Mutator(seed: 63);
        var structure = new JsonMutator(seed: 64);
        var random = new Random(65);
        for (var i = 0; i < ReloadMutations; i++)
        {
            var file = root.ConfigFiles[random.Next(root.ConfigFiles.Count)];
            root.Write(file, i % 2 == 0 ? bytes.Mutate(root.Original(file)) : structure.Mutate(root.Original(file)));
            await Task.Delay(100 + random.Next(300));
            using var live = await host.ManagementClient.GetAsync("/health/live");
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        foreach (var file in root.ConfigFiles)
        {
            root.Restore(file);
        }

        var servesAgain = false;
        for (var attempt = 0; attempt < 100 && !servesAgain; attempt++)
        {
            servesAgain = await PrepayAsync(host) == HttpStatusCode.OK;
            await Task.Delay(servesAgain ? 0 : 200);
        }

        await stop.CancelAsync();
        await traffic;
        Assert.True(servesAgain, "the gateway did not serve prepays again after the configuration files were restored");
        Assert.DoesNotContain(HttpStatusCode.InternalServerError, statuses);
        Assert.DoesNotContain(host.Logs.Entries, e => e.EventId.Id == EventIds.UnhandledException);
    }

    private static async Task<HttpStatusCode> PrepayAsync(GatewayTestHost host)
    {
        using var response = await host.Client.PostAsync("/v3/pay/transactions/jsapi",
            Payloads.Json(Payloads.JsapiPrepay(host.Keys.MchId, Payloads.NewOutTradeNo("CF"), openId: "fuzz-" + Guid.NewGuid().ToString("N"))));
        return response.StatusCode;
    }
}
