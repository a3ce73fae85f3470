using System.Net;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Sandbox;
using EdgeGateway.Simulator;
using EdgeGateway.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeGateway.IntegrationTests.Sandbox;

/// <summary>
/// The gateway with its sandbox on, as the README's first command runs it: composing starts nothing, the host starts
/// the simulator before the listeners and stops it after them, and a prepay with the published caller key goes
/// through. With the sandbox off nothing of it is there.
/// </summary>
public sealed class SandboxModeTests
{
    private const string SandboxApiKey = "sandbox-api-key";

    [Fact]
    public async Task Create_SandboxOn_StartsTheSimulatorOnlyWithTheHost_AndPointsTheRoutesAtIt()
    {
        var logs = new CapturingLoggerProvider();
        var (app, publicAddress) = await StartSandboxAsync(logs, beforeStart: async composed =>
            Assert.False(await SandboxWeChatPayTests.AcceptsAsync(Upstream(composed)), "composing the gateway started the simulator"));
        var upstream = Upstream(app);
        try
        {
            Assert.Equal(upstream, app.Services.GetRequiredService<SandboxWeChatPay>().BaseAddress);
            Assert.Equal(upstream.ToString(), app.Configuration["ReverseProxy:Clusters:wechatpay:Destinations:backup:Address"]);
            Assert.Equal(SandboxWeChatPay.DefaultMchId, app.Configuration["EdgeGateway:DefaultMchId"]);
            // First of the gateway's hosted services (OpenTelemetry puts its own at the very front): the simulator answers
            // before the certificate refresher downloads from it.
            Assert.IsType<SandboxSimulatorService>(app.Services.GetServices<IHostedService>().First(s => s.GetType().Assembly == typeof(GatewayApplication).Assembly));
            Assert.Contains(logs.Entries, e => e.EventId.Id == EventIds.SandboxMode && e.Message.Contains(upstream.ToString(), StringComparison.Ordinal));

            using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = publicAddress };
            client.DefaultRequestHeaders.Add("X-Api-Key", SandboxApiKey);
            using var prepay = await client.PostAsync(new Uri("/v3/pay/transactions/jsapi", UriKind.Relative),
                Payloads.Json(Payloads.JsapiPrepay(SandboxWeChatPay.DefaultMchId, Payloads.NewOutTradeNo("SB"))));

            Assert.Equal(HttpStatusCode.OK, prepay.StatusCode);
            Assert.Equal("verified", Assert.Single(prepay.Headers.GetValues("X-EdgeGateway-Signature")));
            Assert.Contains("prepay_id", await prepay.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            await app.StopAsync();
            Assert.False(await SandboxWeChatPayTests.AcceptsAsync(upstream), "the simulator outlived the gateway");
        }
        finally
        {
            await DisposeAsync(app);
        }
    }

    [Fact]
    public async Task Create_SandboxOff_HasNoSimulatorAndNoBanner()
    {
        await using var host = await GatewayTestHost.StartAsync();

        Assert.Equal("false", host.App.Configuration["EdgeGateway:Sandbox:Enabled"]);
        Assert.Null(host.App.Services.GetService<SandboxWeChatPay>());
        Assert.DoesNotContain(host.App.Services.GetServices<IHostedService>(), s => s is SandboxSimulatorService or SandboxBanner);
        Assert.DoesNotContain(host.Logs.Entries, e => e.EventId.Id == EventIds.SandboxMode);
    }

    [Fact]
    public async Task Process_AsShipped_AnswersAPrepay_AndStopsCleanlyOnSigterm()
    {
        await using var gateway = await GatewayProcess.StartSandboxAsync(TestKeys.Material.Directory);
        gateway.Client.DefaultRequestHeaders.Add("X-Api-Key", SandboxApiKey);

        using var prepay = await gateway.Client.PostAsync(new Uri("/v3/pay/transactions/jsapi", UriKind.Relative),
            Payloads.Json(Payloads.JsapiPrepay(SandboxWeChatPay.DefaultMchId, Payloads.NewOutTradeNo("SP"))));
        Assert.True(prepay.StatusCode == HttpStatusCode.OK, $"{(int)prepay.StatusCode}: {await prepay.Content.ReadAsStringAsync()}{Environment.NewLine}{gateway.Output}");
        Assert.Equal("verified", Assert.Single(prepay.Headers.GetValues("X-EdgeGateway-Signature")));
        Assert.Contains("SANDBOX MODE", gateway.Output, StringComparison.Ordinal);

        await gateway.TerminateAsync();
        var exitCode = await gateway.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.True(exitCode == 0, $"exit code {exitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none (still running)"}:{Environment.NewLine}{gateway.Output}");
    }

    /// <summary>
    /// Composes the gateway in sandbox mode (the test keys, so none are generated), runs <paramref name="beforeStart"/>
    /// on the composed, unstarted app, and starts it; ports taken between probe and bind are tried again with new ones.
    /// </summary>
    private static async Task<(WebApplication App, Uri PublicAddress)> StartSandboxAsync(CapturingLoggerProvider logs, Func<WebApplication, Task> beforeStart)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (publicPort, managementPort) = (GatewayTestHost.FreePort(), GatewayTestHost.FreePort());
            var app = GatewayApplication.Create(["--contentRoot", AppContext.BaseDirectory], builder =>
            {
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["EdgeGateway:Sandbox:Enabled"] = "true",
                    ["EdgeGateway:Sandbox:KeysDirectory"] = TestKeys.Material.Directory,
                    ["Kestrel:Endpoints:Public:Url"] = $"http://127.0.0.1:{publicPort}",
                    ["Kestrel:Endpoints:Management:Url"] = $"http://127.0.0.1:{managementPort}",
                    ["EdgeGateway:Certificates:CacheDirectory"] = Path.Combine(Path.GetTempPath(), "edgegateway-tests-" + Environment.ProcessId, "sandbox-cache-" + Guid.NewGuid().ToString("N")),
                });
                builder.Logging.ClearProviders();
                builder.Logging.AddProvider(logs);
            });
            try
            {
                await beforeStart(app);
                await app.StartAsync();
                return (app, new Uri($"http://127.0.0.1:{publicPort}"));
            }
            catch (IOException ex) when (ex.InnerException is AddressInUseException && attempt < 3)
            {
                await DisposeAsync(app);
            }
            catch
            {
                await DisposeAsync(app);
                throw;
            }
        }
    }

    /// <summary>Where the gateway sends WeChat Pay requests: the shipped cluster's primary destination.</summary>
    private static Uri Upstream(WebApplication app) => new(app.Configuration["ReverseProxy:Clusters:wechatpay:Destinations:primary:Address"]!);

    private static async Task DisposeAsync(WebApplication app)
    {
        var configuration = app.Configuration;
        await app.DisposeAsync();
        GatewayTestHost.ReleaseFileWatchers(configuration);
    }
}
