using System.Net;
using System.Text.Json.Nodes;
using EdgeGateway.Configuration;
using EdgeGateway.Hosting;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator.Faults;
using static EdgeGateway.IntegrationTests.Configuration.ConfigTestSupport;

namespace EdgeGateway.IntegrationTests.Configuration;

/// <summary>Editing the real files of config/ under a running gateway.</summary>
public sealed class HotReloadTests
{
    private const string UnknownQuotaProblem =
        "config/routes.json: route 'certificates': Metadata.Quota names 'no-such-quota', which is not a policy in config/policies.json Policies.Quotas (defined: caller-orders, caller-refunds, payer-orders); add it there or use one of those.";

    [Fact]
    public async Task InvalidEdit_IsRejectedAsAWhole_TheLastGoodConfigurationServes_AndGetConfigShowsWhy()
    {
        using var root = new TestContentRoot();
        await using var host = await GatewayTestHost.StartAsync(contentRoot: root.Path);
        var configuration = host.Service<PolicyCatalogProvider>();
        using var meter = new ConfigMeter(host);
        var version = configuration.Active.Version;
        Assert.Equal(200, await BillAsync(host));
        Assert.Equal(200, await BillAsync(host));
        Assert.Equal(1, meter.FilesApplied());

        // One bad reference in routes.json, one valid change in policies.json: neither may apply.
        root.Edit("routes.json", r => r["ReverseProxy"]!["Routes"]!["certificates"]!["Metadata"]!["Quota"] = "no-such-quota");
        root.Edit("policies.json", p => p["Policies"]!["RateLimits"]!["bills"] = new JsonObject { ["PermitsPerSecond"] = 1, ["Burst"] = 1 });
        Assert.True(await EventuallyAsync(() => configuration.LastRejection?.Problems.Any(p => p.ToString() == UnknownQuotaProblem) == true), "the bad edit was not rejected");
        await Task.Delay(PolicyCatalogProvider.SettleDelay * 3); // a later, separate validation of the policies edit would still see the bad route

        Assert.Equal(version, configuration.Active.Version);
        Assert.Equal([UnknownQuotaProblem], configuration.LastRejection!.Problems.Select(p => p.ToString()));
        Assert.Equal(200, await BillAsync(host));
        Assert.Equal(200, await BillAsync(host)); // the new bills limit (1 per second) did not apply either
        Assert.True(await EventuallyAsync(() => host.Logs.Entries.Any(e => e.EventId.Id == 1021 && e.Message.Contains(UnknownQuotaProblem, StringComparison.Ordinal))),
            "the rejection was not logged");

        var view = await ConfigViewAsync(host);
        Assert.Equal(version, (string?)view["version"]);
        Assert.False((bool)view["files_applied"]!);
        Assert.Equal(UnknownQuotaProblem, (string?)view["last_rejection"]!["problems"]![0]!["text"]);
        Assert.True(meter.Reloads("rejected") >= 1);
        Assert.Equal(0, meter.Reloads("applied"));
        Assert.Equal(0, meter.FilesApplied());
        Assert.Equal("config/routes.json", (string?)view["last_rejection"]!["problems"]![0]!["file"]);
        Assert.Equal("route 'certificates'", (string?)view["last_rejection"]!["problems"]![0]!["subject"]);
        Assert.Equal(["config/routes.json", "config/policies.json", "config/callbacks.json"], view["files"]!["on_disk"]!.AsArray().Select(f => (string?)f!["file"]));
        Assert.NotEqual((string?)view["files"]!["on_disk"]![1]!["sha256"], (string?)view["files"]!["active"]![1]!["sha256"]);

        // Fixed: the whole edit applies, the new bills limit with it.
        root.Edit("routes.json", r => r["ReverseProxy"]!["Routes"]!["certificates"]!["Metadata"]!.AsObject().Remove("Quota"));
        Assert.True(await EventuallyAsync(() => configuration.Active.Version != version), "the fixed edit was not applied");
        Assert.True(configuration.FilesApplied);
        Assert.Equal(1, configuration.Current.RateLimits["bills"].PermitsPerSecond);
        Assert.True(await EventuallyAsync(async () => await BillAsync(host) == 200 && await BillAsync(host) == 429), "the new bills limit did not apply");
        Assert.True((bool)(await ConfigViewAsync(host))["files_applied"]!);
        Assert.Equal(1, meter.Reloads("applied"));
        Assert.Equal(1, meter.FilesApplied());
    }

    [Fact]
    public async Task BrokenOrMissingFile_IsRejected_AndTheRoutesKeepServing()
    {
        using var root = new TestContentRoot();
        await using var host = await GatewayTestHost.StartAsync(contentRoot: root.Path);
        var configuration = host.Service<PolicyCatalogProvider>();
        var version = configuration.Active.Version;

        root.WriteText("routes.json", File.ReadAllText(root.ConfigFile("routes.json")).Replace("\"Timeout\": \"00:00:15\",", "\"Timeout\": \"00:00:15\"", StringComparison.Ordinal));
        Assert.True(await EventuallyAsync(() => configuration.LastRejection?.Problems.Any(p => p.File == "config/routes.json" && p.Subject == "file") == true),
            "the broken file was not rejected");
        var problem = configuration.LastRejection!.Problems.Single(p => p.Subject == "file");
        Assert.StartsWith("the file is not valid JSON: line ", problem.Message, StringComparison.Ordinal);
        Assert.EndsWith("; fix it (an editor that knows the schema in config/schemas/ shows where).", problem.Message, StringComparison.Ordinal);
        using (var certificates = await host.Client.GetAsync("/v3/certificates"))
        {
            Assert.Equal(HttpStatusCode.OK, certificates.StatusCode); // the routes were not emptied
        }

        root.Delete("policies.json");
        Assert.True(await EventuallyAsync(() => configuration.LastRejection?.Problems.Any(p => p.File == "config/policies.json") == true), "the missing file was not rejected");
        Assert.Equal($"config/policies.json: file: the file does not exist at {root.ConfigFile("policies.json")}; restore it (every file of config/ is required, even if it only holds an empty section).",
            configuration.LastRejection!.Problems.Single(p => p.File == "config/policies.json").ToString());
        Assert.Equal(version, configuration.Active.Version);
        Assert.NotEmpty(configuration.Current.RateLimits);
        using (var query = await host.Client.GetAsync($"/v3/pay/transactions/out-trade-no/{Payloads.NewOutTradeNo()}?mchid={host.Keys.MchId}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, query.StatusCode); // WeChat Pay's verified answer: the route and its policies still serve
            Assert.False(query.Headers.Contains("X-EdgeGateway-Error"));
        }
    }

    [Fact]
    public async Task ValidEdit_NewRouteAndChangedLimit_ApplyWhileALongRequestCompletes_AndUnrelatedLimiterStateIsKept()
    {
        using var root = new TestContentRoot();
        var shippedCertificatesRoute = root.Read("routes.json")["ReverseProxy"]!["Routes"]!["certificates"]!.DeepClone();
        root.Edit("policies.json", p => p["Policies"]!["RateLimits"]!["single"] = new JsonObject { ["PermitsPerSecond"] = 5000, ["ConcurrencyLimit"] = 1 });
        root.Edit("routes.json", r =>
        {
            var routes = r["ReverseProxy"]!["Routes"]!.AsObject();
            routes.Remove("certificates");
            routes["pay-query-by-transaction-id"]!["RateLimiterPolicy"] = "single";
            routes["pay-query-by-transaction-id"]!["Timeout"] = "00:01:00";
        });
        await using var host = await GatewayTestHost.StartAsync(contentRoot: root.Path);
        var configuration = host.Service<PolicyCatalogProvider>();
        var version = configuration.Active.Version;
        using (var before = await host.Client.GetAsync("/v3/certificates"))
        {
            Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
            Assert.Equal(0, host.Simulator.CountRequests("GET", "/v3/certificates"));
        }

        // A long query holds the route's only concurrency permit across the edit.
        host.Simulator.Faults.Current = new FaultSettings { LatencyMs = 15_000, PathPrefix = "/v3/pay/transactions/id/" };
        var query = $"/v3/pay/transactions/id/4200000000000000000000000042?mchid={host.Keys.MchId}";
        var longRequest = host.Client.GetAsync(query);
        Assert.True(await EventuallyAsync(() => host.Service<InFlightRequests>().Count >= 1), "the long request never reached the gateway");

        root.Edit("routes.json", r => r["ReverseProxy"]!["Routes"]!["certificates"] = shippedCertificatesRoute.DeepClone());
        root.Edit("policies.json", p => p["Policies"]!["RateLimits"]!["bills"] = new JsonObject { ["PermitsPerSecond"] = 1, ["Burst"] = 1 });
        Assert.True(await EventuallyAsync(() => configuration.Active.Version != version && configuration.Current.RateLimits["bills"].Burst == 1),
            "the edit was not applied");
        Assert.True(configuration.FilesApplied);
        Assert.True(await EventuallyAsync(() => host.Logs.Entries.Any(e => e.EventId.Id == 1020)), "the reload was not logged");

        // The new route serves; the changed limit applies.
        Assert.True(await EventuallyAsync(async () =>
        {
            using var response = await host.Client.GetAsync("/v3/certificates");
            return response.StatusCode == HttpStatusCode.OK;
        }), "the added route did not start serving");
        Assert.True(await EventuallyAsync(async () => await BillAsync(host) == 200 && await BillAsync(host) == 429), "the changed bills limit did not apply");

        // The query route's limiter was not reset by the reload: its one permit is still held by the long request.
        Assert.False(longRequest.IsCompleted, "the long request finished before the edit could be observed; the machine is too slow for this check");
        using (var second = await host.Client.GetAsync(query))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        }

        // And the request that started before the edit completes normally, with WeChat Pay's own (verified) answer.
        using var completed = await longRequest;
        Assert.Equal(HttpStatusCode.NotFound, completed.StatusCode);
        Assert.False(completed.Headers.Contains("X-EdgeGateway-Error"));
        Assert.Equal(1, host.Simulator.CountRequests("GET", "/v3/pay/transactions/id/"));
    }
}
