using System.Net;
using System.Text.Json.Nodes;
using EdgeGateway.IntegrationTests.Infrastructure;

namespace EdgeGateway.IntegrationTests.Families;

/// <summary>Profit sharing (分账) through the shipped routes: receivers' names are encrypted at the edge, orders are guarded on out_order_no.</summary>
public sealed class ProfitSharingTests : IAsyncLifetime
{
    private const string ReceiverName = "示例商户全称";
    private GatewayTestHost _host = null!;

    public async Task InitializeAsync() => _host = await GatewayTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    [Fact]
    public async Task Order_ReceiverNameEncryptedAtTheEdge_IsCreatedQueriedUnfrozenAndReturned()
    {
        var outOrderNo = Payloads.NewOutTradeNo("P");
        var body = FamilyPayloads.ProfitSharingOrder(outOrderNo, ReceiverName);
        body["sub_mchid"] = FamilyPayloads.SubMchId;

        using var created = await _host.Client.PostAsync("/v3/profitsharing/orders", Payloads.Json(body));
        using var queried = await _host.Client.GetAsync($"/v3/profitsharing/orders/{outOrderNo}?sub_mchid={FamilyPayloads.SubMchId}&transaction_id=4208450740201411110007820472");
        using var returned = await _host.Client.PostAsync("/v3/profitsharing/return-orders", Payloads.Json(new JsonObject
        {
            ["sub_mchid"] = FamilyPayloads.SubMchId,
            ["out_order_no"] = outOrderNo,
            ["out_return_no"] = "R" + outOrderNo,
            ["return_mchid"] = "86693852",
            ["amount"] = 10,
            ["description"] = "用户退款",
        }));
        using var returnQueried = await _host.Client.GetAsync($"/v3/profitsharing/return-orders/R{outOrderNo}?sub_mchid={FamilyPayloads.SubMchId}&out_order_no={outOrderNo}");
        using var unfrozen = await _host.Client.PostAsync("/v3/profitsharing/orders/unfreeze", Payloads.Json(new JsonObject
        {
            ["sub_mchid"] = FamilyPayloads.SubMchId,
            ["transaction_id"] = "4208450740201411110007820472",
            ["out_order_no"] = outOrderNo,
            ["description"] = "解冻全部剩余资金",
        }));

        Assert.True(created.StatusCode == HttpStatusCode.OK, await created.Content.ReadAsStringAsync());
        Assert.Equal("PROCESSING", (string?)(await JsonAsync(created))["state"]);
        var record = _host.Simulator.Records.Find("profitsharing", $"{_host.Keys.MchId}/{FamilyPayloads.SubMchId}", outOrderNo)!;
        Assert.Equal(ReceiverName, record.Plaintext["receivers[0].name"]);
        Assert.NotEqual(ReceiverName, (string?)record.Request["receivers"]![0]!["name"]);
        Assert.Equal(HttpStatusCode.OK, queried.StatusCode);
        Assert.Equal(outOrderNo, (string?)(await JsonAsync(queried))["out_order_no"]);
        Assert.True(returned.StatusCode == HttpStatusCode.OK, await returned.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, returnQueried.StatusCode);
        Assert.True(unfrozen.StatusCode == HttpStatusCode.OK, await unfrozen.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Receivers_AddWithPlaintextName_AndDelete_AreAccepted()
    {
        using var added = await _host.Client.PostAsync("/v3/profitsharing/receivers/add", Payloads.Json(new JsonObject
        {
            ["appid"] = "wx8888888888888888", ["type"] = "MERCHANT_ID", ["account"] = "86693852", ["name"] = ReceiverName, ["relation_type"] = "STORE",
        }));
        using var deleted = await _host.Client.PostAsync("/v3/profitsharing/receivers/delete", Payloads.Json(new JsonObject
        {
            ["appid"] = "wx8888888888888888", ["type"] = "MERCHANT_ID", ["account"] = "86693852",
        }));

        Assert.True(added.StatusCode == HttpStatusCode.OK, await added.Content.ReadAsStringAsync());
        Assert.Equal("STORE", (string?)(await JsonAsync(added))["relation_type"]);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
    }

    [Fact]
    public async Task Order_WithoutOutOrderNo_IsRefusedBeforeWeChatPay()
    {
        var body = FamilyPayloads.ProfitSharingOrder("X", ReceiverName);
        body.Remove("out_order_no");
        _host.Simulator.ClearRequests();

        using var response = await _host.Client.PostAsync("/v3/profitsharing/orders", Payloads.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("The request has no out_order_no; this route's duplicate-payment guard keys on it. Send it as a JSON string.",
            (string?)(await JsonAsync(response))["message"]);
        Assert.Empty(_host.Simulator.Requests);
    }
}
