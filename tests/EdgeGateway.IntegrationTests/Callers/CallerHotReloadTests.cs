using System.Net;
using System.Text.Json.Nodes;
using EdgeGateway.IntegrationTests.Configuration;
using EdgeGateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging;
using static EdgeGateway.IntegrationTests.Configuration.ConfigTestSupport;

namespace EdgeGateway.IntegrationTests.Callers;

/// <summary>Editing the callers in appsettings.json under a running gateway: add, rotate, revoke, and a bad edit.</summary>
public sealed class CallerHotReloadTests
{
    private const string OldKey = "test-only-reporting-key-2026-11";
    private const string NewKey = "test-only-reporting-key-2026-12";
    private const string OtherKey = "test-only-ledger-key";

    private const string BadHashProblem =
        "appsettings.json: EdgeGateway:Callers:ledger: ApiKeySha256 must be the SHA-256 of the caller's API key as 64 hex digits (printf %s \"$KEY\" | sha256sum); never configure the key itself.";

    [Fact]
    public async Task EditCallers_AddRotateRevoke_AppliesWithoutRestart()
    {
        using var root = new TestContentRoot();
        await using var host = await GatewayTestHost.StartAsync(contentRoot: root.Path);
        using var meter = new ConfigMeter(host, "edgegateway.callers.reloads");
        Assert.Equal(HttpStatusCode.Unauthorized, await CertificatesAsync(host, OldKey));

        // Add: a new caller with one key.
        root.EditAppSettings(s => s["EdgeGateway"]!["Callers"]!["reporting"] = Caller(GatewayTestHost.HashApiKey(OldKey)));
        Assert.True(await EventuallyAsync(async () => await CertificatesAsync(host, OldKey) == HttpStatusCode.OK), "the added caller was not admitted");
        Assert.Equal(HttpStatusCode.OK, await CertificatesAsync(host, GatewayTestHost.DefaultApiKey)); // the other callers are untouched
        Assert.Contains(host.Logs.Entries, e => e.EventId.Id == 1203 && e.Message.Contains("reporting", StringComparison.Ordinal));

        // Rotate, step 1: the new key is added beside the old one; both authenticate the same caller.
        root.EditAppSettings(s => s["EdgeGateway"]!["Callers"]!["reporting"]!["ApiKeySha256s"] = new JsonArray(GatewayTestHost.HashApiKey(NewKey)));
        Assert.True(await EventuallyAsync(async () => await CertificatesAsync(host, NewKey) == HttpStatusCode.OK), "the new key was not admitted");
        Assert.Equal(HttpStatusCode.OK, await CertificatesAsync(host, OldKey));

        // Rotate, step 2: the old key is revoked; only the new one authenticates.
        root.EditAppSettings(s => s["EdgeGateway"]!["Callers"]!["reporting"]!.AsObject().Remove("ApiKeySha256"));
        Assert.True(await EventuallyAsync(async () => await CertificatesAsync(host, OldKey) == HttpStatusCode.Unauthorized), "the old key was not revoked");
        Assert.Equal(HttpStatusCode.OK, await CertificatesAsync(host, NewKey));

        // Revoke the caller.
        root.EditAppSettings(s => s["EdgeGateway"]!["Callers"]!.AsObject().Remove("reporting"));
        Assert.True(await EventuallyAsync(async () => await CertificatesAsync(host, NewKey) == HttpStatusCode.Unauthorized), "the caller was not revoked");
        Assert.Equal(HttpStatusCode.OK, await CertificatesAsync(host, GatewayTestHost.DefaultApiKey));
        Assert.Equal(4, meter.Reloads("applied"));
        Assert.Equal(0, meter.Reloads("rejected"));
        Assert.DoesNotContain(host.Logs.Entries, e => e.Message.Contains(GatewayTestHost.HashApiKey(NewKey), StringComparison.OrdinalIgnoreCase)
            || e.Message.Contains(NewKey, StringComparison.Ordinal) || e.Message.Contains(OldKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task EditCallers_Invalid_KeepsTheLastGoodCallers_LogsWhyAndCountsIt()
    {
        using var root = new TestContentRoot();
        root.EditAppSettings(s => s["EdgeGateway"]!["Callers"]!["reporting"] = Caller(GatewayTestHost.HashApiKey(OldKey)));
        await using var host = await GatewayTestHost.StartAsync(contentRoot: root.Path);
        using var meter = new ConfigMeter(host, "edgegateway.callers.reloads");
        Assert.Equal(HttpStatusCode.OK, await CertificatesAsync(host, OldKey));

        // One good change (reporting rotates to the new key) and one bad caller (its key in clear, not hashed): neither applies.
        root.EditAppSettings(s =>
        {
            s["EdgeGateway"]!["Callers"]!["reporting"] = Caller(GatewayTestHost.HashApiKey(NewKey));
            s["EdgeGateway"]!["Callers"]!["ledger"] = Caller(OtherKey);
        });
        Assert.True(await EventuallyAsync(() => meter.Reloads("rejected") == 1), "the bad edit was not rejected");

        var warning = Assert.Single(host.Logs.Entries, e => e.EventId.Id == 1204);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal("Callers edit rejected (1 problems); the last good callers keep authenticating: " + BadHashProblem, warning.Message);
        Assert.Equal(HttpStatusCode.OK, await CertificatesAsync(host, OldKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await CertificatesAsync(host, NewKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await CertificatesAsync(host, OtherKey));
        Assert.Equal(0, meter.Reloads("applied"));
        Assert.DoesNotContain(host.Logs.Entries, e => e.Message.Contains(OtherKey, StringComparison.Ordinal));

        // Fixed: the whole edit applies.
        root.EditAppSettings(s => s["EdgeGateway"]!["Callers"]!["ledger"] = Caller(GatewayTestHost.HashApiKey(OtherKey)));
        Assert.True(await EventuallyAsync(async () => await CertificatesAsync(host, OtherKey) == HttpStatusCode.OK), "the fixed edit was not applied");
        Assert.Equal(HttpStatusCode.OK, await CertificatesAsync(host, NewKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await CertificatesAsync(host, OldKey));
        Assert.Equal(1, meter.Reloads("applied"));
    }

    [Fact]
    public async Task EditAppSettings_NotJson_IsRejected_TheLastGoodCallersKeepAuthenticating()
    {
        using var root = new TestContentRoot();
        root.EditAppSettings(s => s["EdgeGateway"]!["Callers"]!["reporting"] = Caller(GatewayTestHost.HashApiKey(OldKey)));
        await using var host = await GatewayTestHost.StartAsync(contentRoot: root.Path);
        var configuration = host.Service<EdgeGateway.Configuration.PolicyCatalogProvider>();
        Assert.Equal(HttpStatusCode.OK, await CertificatesAsync(host, OldKey));
        var path = Path.Combine(root.Path, "appsettings.json");

        // The framework's provider empties the file's values when it does not parse; the gateway must not read that as "callers removed".
        File.WriteAllText(path + ".tmp", File.ReadAllText(path).Replace("\"AllowedHosts\": \"*\",", "\"AllowedHosts\": \"*\"", StringComparison.Ordinal));
        File.Move(path + ".tmp", path, overwrite: true);
        Assert.True(await EventuallyAsync(() => configuration.LastRejection?.Problems.Any(p => p.File == "appsettings.json") == true), "the broken file was not rejected");

        Assert.Equal("appsettings.json: file: the file is not valid JSON: line 10, position 3; fix it (until then the callers it holds keep their last good values).",
            configuration.LastRejection!.Problems.Single(p => p.File == "appsettings.json").ToString());
        Assert.Equal(HttpStatusCode.OK, await CertificatesAsync(host, OldKey));
        Assert.Equal(HttpStatusCode.OK, await CertificatesAsync(host, GatewayTestHost.DefaultApiKey));
    }

    private static JsonObject Caller(string apiKeySha256) => new()
    {
        ["ApiKeySha256"] = apiKeySha256,
        ["Routes"] = new JsonArray("certificates"),
        ["MchIds"] = new JsonArray("*"),
    };

    private static async Task<HttpStatusCode> CertificatesAsync(GatewayTestHost host, string apiKey)
    {
        using var client = host.CreateClient(apiKey);
        using var response = await client.GetAsync("/v3/certificates");
        return response.StatusCode;
    }
}
