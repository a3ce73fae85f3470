using System.Net;
using System.Text.Json.Nodes;
using EdgeGateway.IntegrationTests.Infrastructure;

namespace EdgeGateway.IntegrationTests.Callers;

/// <summary>Step 1: who calls (401) and what it may do (403), checked before anything reaches WeChat Pay.</summary>
public sealed class CallerAuthenticationTests : IAsyncLifetime
{
    private const string BillsKey = "test-only-bills-reporter-key";
    private const string OtherMerchantKey = "test-only-other-merchant-key";

    private GatewayTestHost _host = null!;

    public async Task InitializeAsync() => _host = await GatewayTestHost.StartAsync(new Dictionary<string, string?>
    {
        ["EdgeGateway:Callers:bills-reporter:ApiKeySha256"] = GatewayTestHost.HashApiKey(BillsKey),
        ["EdgeGateway:Callers:bills-reporter:Groups:0"] = "bills",
        ["EdgeGateway:Callers:bills-reporter:Routes:0"] = "pay-query-by-out-trade-no",
        ["EdgeGateway:Callers:bills-reporter:MchIds:0"] = "*",
        ["EdgeGateway:Callers:other-shop:ApiKeySha256"] = GatewayTestHost.HashApiKey(OtherMerchantKey).ToUpperInvariant(),
        ["EdgeGateway:Callers:other-shop:Groups:0"] = "payments",
        ["EdgeGateway:Callers:other-shop:MchIds:0"] = "1999999999",
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private string MchId => _host.Keys.MchId;

    [Fact]
    public async Task NoApiKey_Returns401CallerUnauthenticated_AndNothingIsForwarded()
    {
        using var client = _host.CreateClient(apiKey: null);

        using var response = await client.PostAsync("/v3/pay/transactions/jsapi", Payloads.Json(Payloads.JsapiPrepay(MchId, Payloads.NewOutTradeNo())));

        await AssertError(response, HttpStatusCode.Unauthorized, "CALLER_UNAUTHENTICATED");
        Assert.Empty(_host.Simulator.Requests);
    }

    [Fact]
    public async Task UnknownApiKey_Returns401()
    {
        using var client = _host.CreateClient("not-a-key-anyone-has");

        using var response = await client.GetAsync($"/v3/pay/transactions/out-trade-no/X1?mchid={MchId}");

        var body = await AssertError(response, HttpStatusCode.Unauthorized, "CALLER_UNAUTHENTICATED");
        Assert.Contains("X-Api-Key", (string?)body["message"], StringComparison.Ordinal);
        Assert.Empty(_host.Simulator.Requests);
    }

    [Fact]
    public async Task KnownCaller_RouteOutsideItsRoutesAndGroups_Returns403()
    {
        using var client = _host.CreateClient(BillsKey);

        using var response = await client.PostAsync("/v3/pay/transactions/jsapi", Payloads.Json(Payloads.JsapiPrepay(MchId, Payloads.NewOutTradeNo())));

        var body = await AssertError(response, HttpStatusCode.Forbidden, "CALLER_FORBIDDEN");
        Assert.Equal("bills-reporter", (string?)body["detail"]!["caller"]);
        Assert.Equal("pay-jsapi", (string?)body["detail"]!["route"]);
        Assert.Empty(_host.Simulator.Requests);
    }

    [Fact]
    public async Task KnownCaller_RouteByGroupOrById_IsServed()
    {
        using var client = _host.CreateClient(BillsKey);

        using var bill = await client.GetAsync("/v3/bill/tradebill?bill_date=2026-11-26");
        using var query = await client.GetAsync($"/v3/pay/transactions/out-trade-no/NOSUCHORDER2?mchid={MchId}");

        Assert.NotEqual(HttpStatusCode.Unauthorized, bill.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, bill.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, query.StatusCode);
        Assert.False(query.Headers.Contains("X-EdgeGateway-Error"));
        Assert.Equal(2, _host.Simulator.Requests.Count);
    }

    [Fact]
    public async Task KnownCaller_MerchantItMayNotActFor_Returns403()
    {
        using var client = _host.CreateClient(OtherMerchantKey);

        using var response = await client.PostAsync("/v3/pay/transactions/jsapi", Payloads.Json(Payloads.JsapiPrepay(MchId, Payloads.NewOutTradeNo())));

        var body = await AssertError(response, HttpStatusCode.Forbidden, "CALLER_FORBIDDEN");
        Assert.Equal("other-shop", (string?)body["detail"]!["caller"]);
        Assert.Equal(MchId, (string?)body["detail"]!["mchid"]);
        Assert.Empty(_host.Simulator.Requests);
    }

    [Fact]
    public async Task Refusals_LogTheCallersName_NeverAKey()
    {
        using (var forbidden = _host.CreateClient(OtherMerchantKey))
        {
            (await forbidden.PostAsync("/v3/pay/transactions/jsapi", Payloads.Json(Payloads.JsapiPrepay(MchId, Payloads.NewOutTradeNo())))).Dispose();
        }

        using (var unknown = _host.CreateClient("test-only-wrong-key-42"))
        {
            (await unknown.GetAsync($"/v3/pay/transactions/out-trade-no/X2?mchid={MchId}")).Dispose();
        }

        (await _host.Client.GetAsync($"/v3/pay/transactions/out-trade-no/X3?mchid={MchId}")).Dispose();

        var refusals = _host.Logs.Entries.Where(e => e.EventId.Id == 1200).ToList();
        Assert.Contains(refusals, e => e.Properties.GetValueOrDefault("Caller") == "other-shop" && e.Properties.GetValueOrDefault("MchId") == MchId);
        Assert.Contains(refusals, e => e.Properties.GetValueOrDefault("Reason") == "unknown_key");
        foreach (var key in new[] { OtherMerchantKey, "test-only-wrong-key-42", GatewayTestHost.DefaultApiKey })
        {
            Assert.DoesNotContain(_host.Logs.Entries, e => e.Message.Contains(key, StringComparison.Ordinal) || e.Properties.Values.Any(v => v?.Contains(key, StringComparison.Ordinal) == true));
        }
    }

    [Fact]
    public async Task ManagementEndpoints_NeedNoApiKey()
    {
        using var response = await _host.ManagementClient.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<JsonNode> AssertError(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("true", response.Headers.GetValues("X-EdgeGateway-Error").Single());
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(code, (string?)body["code"]);
        return body;
    }
}
