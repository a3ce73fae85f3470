using System.Net;
using System.Text.Json.Nodes;
using EdgeGateway.IntegrationTests.Infrastructure;

namespace EdgeGateway.IntegrationTests.Families;

/// <summary>A service provider's (服务商) payments and combined payments (合单) through the shipped routes, against the simulator.</summary>
public sealed class PartnerAndCombinedPaymentTests : IAsyncLifetime
{
    private GatewayTestHost _host = null!;

    public async Task InitializeAsync() => _host = await GatewayTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private string SpMchId => _host.Keys.MchId;

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    [Fact]
    public async Task PartnerPrepay_IsSignedForSpMchId_AndQueriedAndClosedPerSubMerchant()
    {
        var outTradeNo = Payloads.NewOutTradeNo("PP");
        _host.Simulator.ClearRequests();

        using var prepay = await _host.Client.PostAsync("/v3/pay/partner/transactions/native", Payloads.Json(FamilyPayloads.PartnerPrepay(SpMchId, FamilyPayloads.SubMchId, outTradeNo)));
        using var query = await _host.Client.GetAsync($"/v3/pay/partner/transactions/out-trade-no/{outTradeNo}?sp_mchid={SpMchId}&sub_mchid={FamilyPayloads.SubMchId}");
        using var otherSub = await _host.Client.GetAsync($"/v3/pay/partner/transactions/out-trade-no/{outTradeNo}?sp_mchid={SpMchId}&sub_mchid={FamilyPayloads.OtherSubMchId}");
        using var close = await _host.Client.PostAsync($"/v3/pay/partner/transactions/out-trade-no/{outTradeNo}/close",
            Payloads.Json(new JsonObject { ["sp_mchid"] = SpMchId, ["sub_mchid"] = FamilyPayloads.SubMchId }));

        Assert.True(prepay.StatusCode == HttpStatusCode.OK, await prepay.Content.ReadAsStringAsync());
        Assert.StartsWith("weixin://wxpay/bizpayurl?pr=", (string?)(await JsonAsync(prepay))["code_url"]);
        Assert.Equal(SpMchId, _host.Simulator.Requests[0].MchId);
        Assert.True(_host.Simulator.Requests[0].SignatureAccepted);
        Assert.Equal(HttpStatusCode.OK, query.StatusCode);
        var order = await JsonAsync(query);
        Assert.Equal(FamilyPayloads.SubMchId, (string?)order["sub_mchid"]);
        Assert.Equal("NOTPAY", (string?)order["trade_state"]);
        // The same number is another sub-merchant's order, or none: not answered from the first one's status-cache entry.
        Assert.Equal(HttpStatusCode.NotFound, otherSub.StatusCode);
        Assert.Equal(2, _host.Simulator.CountRequests("GET", "/v3/pay/partner/transactions/out-trade-no/"));
        Assert.Equal(HttpStatusCode.NoContent, close.StatusCode);
    }

    [Fact]
    public async Task PartnerPrepay_WithoutSubMchId_IsRefusedBeforeWeChatPay()
    {
        var body = FamilyPayloads.PartnerPrepay(SpMchId, FamilyPayloads.SubMchId, Payloads.NewOutTradeNo("PM"));
        body.Remove("sub_mchid");
        _host.Simulator.ClearRequests();

        using var response = await _host.Client.PostAsync("/v3/pay/partner/transactions/jsapi", Payloads.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("sub_mchid", (string?)(await JsonAsync(response))["detail"]!["field"]);
        Assert.Empty(_host.Simulator.Requests);
    }

    [Fact]
    public async Task CombinedPayment_PrepayQueryAndClose_AreSignedForCombineMchId()
    {
        var number = Payloads.NewOutTradeNo("CP");
        _host.Simulator.ClearRequests();

        using var prepay = await _host.Client.PostAsync("/v3/combine-transactions/app", Payloads.Json(FamilyPayloads.CombinePrepay(SpMchId, number)));
        using var query = await _host.Client.GetAsync($"/v3/combine-transactions/out-trade-no/{number}");
        using var close = await _host.Client.PostAsync($"/v3/combine-transactions/out-trade-no/{number}/close", Payloads.Json(new JsonObject
        {
            ["combine_appid"] = "wxd678efh567hg6787",
            ["sub_orders"] = new JsonArray(new JsonObject { ["mchid"] = "1230000109", ["out_trade_no"] = number + "A" }),
        }));
        using var closed = await _host.Client.GetAsync($"/v3/combine-transactions/out-trade-no/{number}");

        Assert.True(prepay.StatusCode == HttpStatusCode.OK, await prepay.Content.ReadAsStringAsync());
        Assert.NotNull((string?)(await JsonAsync(prepay))["prepay_id"]);
        Assert.All(_host.Simulator.Requests, r => Assert.Equal(SpMchId, r.MchId));
        Assert.Equal(HttpStatusCode.OK, query.StatusCode);
        Assert.Equal(2, (await JsonAsync(query))["sub_orders"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.NoContent, close.StatusCode);
        Assert.Equal("CLOSED", (string?)(await JsonAsync(closed))["sub_orders"]![0]!["trade_state"]);
    }

    [Fact]
    public async Task CombinedPayment_BadSubOrder_IsWeChatPaysParamError()
    {
        var body = FamilyPayloads.CombinePrepay(SpMchId, Payloads.NewOutTradeNo("CB"));
        body["sub_orders"]![0]!.AsObject().Remove("description");

        using var response = await _host.Client.PostAsync("/v3/combine-transactions/native", Payloads.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("PARAM_ERROR", (string?)(await JsonAsync(response))["code"]);
        Assert.False(response.Headers.Contains("X-EdgeGateway-Error"));
    }
}
