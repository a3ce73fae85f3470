using System.Text.Json.Nodes;
using EdgeGateway.Configuration;
using EdgeGateway.IntegrationTests.Infrastructure;
using static EdgeGateway.IntegrationTests.Callbacks.CallbackTestSupport;

namespace EdgeGateway.IntegrationTests.Callbacks;

/// <summary>config/callbacks.json: a bad file stops start-up with every problem listed; a bad edit is rejected while the last good routes serve.</summary>
public sealed class CallbackRouteConfigurationTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Start_BadCallbackRoutes_StopsWithEveryProblemListed()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Callbacks:pay:MchId"] = "1999999999",
            ["Callbacks:pay:TargetUrl"] = "/relative",
            ["Callbacks:refund:TargetUrl"] = "https://orders.internal/refunds",
        };

        var error = await Assert.ThrowsAsync<GatewayConfigurationException>(() => GatewayTestHost.StartAsync(settings));

        Assert.Contains("config/callbacks.json: callback 'pay': MchId is '1999999999', but no merchant with that mchid is configured under EdgeGateway:Merchants; add the merchant or correct the mchid.", error.Errors);
        Assert.Contains("config/callbacks.json: callback 'pay': TargetUrl '/relative' is not an absolute http:// or https:// URL; write the full address of the internal service, e.g. \"https://orders.internal/wechatpay/notify\".", error.Errors);
        Assert.Contains("config/callbacks.json: callback 'refund': MchId is required: the merchant whose keys verify and decrypt this callback.", error.Errors);
        Assert.Equal(3, error.Errors.Count);
    }

    [Fact]
    public async Task Reload_NewTargetIsUsed_AndABadEditIsRejectedWhileTheLastGoodRoutesServe()
    {
        await using var first = await CallbackReceiver.StartAsync();
        await using var second = await CallbackReceiver.StartAsync();
        var contentRoot = Directory.CreateTempSubdirectory("edgegateway-callback-routes-").FullName;
        File.Copy(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), Path.Combine(contentRoot, "appsettings.json"));
        Directory.CreateDirectory(Path.Combine(contentRoot, "config"));
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "config")))
        {
            File.Copy(file, Path.Combine(contentRoot, "config", Path.GetFileName(file)));
        }

        var routesFile = Path.Combine(contentRoot, "config", "callbacks.json");
        await WriteRoutes(routesFile, TestKeys.Material.MchId, first.Url);
        var settings = Settings(first.Url, redis: null, nameof(Reload_NewTargetIsUsed_AndABadEditIsRejectedWhileTheLastGoodRoutesServe));
        settings.Remove($"Callbacks:{Name}:MchId"); // the routes come from the file only
        settings.Remove($"Callbacks:{Name}:TargetUrl");
        await using var host = await GatewayTestHost.StartAsync(settings, contentRoot: contentRoot);

        Assert.Equal(204, (await SendAsync(host.Simulator, host.Address, Envelope(host.Simulator, Transaction(Payloads.NewOutTradeNo())))).Status);
        Assert.True(await first.WaitForProcessedAsync(1, Patience));

        await WriteRoutes(routesFile, TestKeys.Material.MchId, second.Url);
        Assert.True(await EventuallyAsync(() => Task.FromResult(host.Logs.Entries.Any(e => e.EventId.Id == 1451)), Patience), "the routes were not reloaded");
        Assert.Equal(204, (await SendAsync(host.Simulator, host.Address, Envelope(host.Simulator, Transaction(Payloads.NewOutTradeNo())))).Status);
        Assert.True(await second.WaitForProcessedAsync(1, Patience), "the new target did not receive the callback");

        await WriteRoutes(routesFile, "1999999999", first.Url);
        Assert.True(await EventuallyAsync(() => Task.FromResult(host.Logs.Entries.Any(e => e.EventId.Id == 1452)), Patience), "the bad edit was not rejected");
        Assert.Equal(204, (await SendAsync(host.Simulator, host.Address, Envelope(host.Simulator, Transaction(Payloads.NewOutTradeNo())))).Status);
        Assert.True(await second.WaitForProcessedAsync(2, Patience), "the last good route stopped serving");
        Assert.Single(first.Processed);
    }

    private static async Task WriteRoutes(string path, string mchId, Uri target)
    {
        var json = new JsonObject { ["Callbacks"] = new JsonObject { [Name] = new JsonObject { ["MchId"] = mchId, ["TargetUrl"] = target.ToString() } } };
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, json.ToJsonString());
        File.Move(temporary, path, overwrite: true);
    }
}
