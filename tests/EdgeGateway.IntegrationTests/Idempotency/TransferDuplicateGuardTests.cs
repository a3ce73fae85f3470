using System.Net;
using System.Text.Json.Nodes;
using EdgeGateway.IntegrationTests.Families;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator.Faults;

namespace EdgeGateway.IntegrationTests.Idempotency;

/// <summary>
/// The duplicate guard on the newer money-moving routes keys on their own numbers (out_bill_no, out_order_no,
/// combine_out_trade_no) and, on partner routes, on the sub-merchant too: identical requests reach WeChat Pay once,
/// even though every forwarded transfer carries a fresh OAEP ciphertext.
/// </summary>
public sealed class TransferDuplicateGuardTests : IAsyncLifetime
{
    private GatewayTestHost _host = null!;

    public async Task InitializeAsync() => _host = await GatewayTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>Bodies sent all at once against a slow WeChat Pay: how many reached it, and the statuses the callers got.</summary>
    private async Task<(int Reached, HttpStatusCode[] Statuses)> AllAtOnceAsync(string path, IReadOnlyList<JsonObject> bodies)
    {
        _host.Simulator.ClearRequests();
        _host.Simulator.Faults.Current = new FaultSettings { LatencyMs = 500, PathPrefix = path };
        try
        {
            var statuses = await Task.WhenAll(bodies.Select(async body =>
            {
                using var response = await _host.Client.PostAsync(path, Payloads.Json(body.DeepClone()));
                return response.StatusCode;
            }));
            return (_host.Simulator.CountRequests("POST", path), statuses);
        }
        finally
        {
            _host.Simulator.Faults.Reset();
        }
    }

    [Fact]
    public async Task TwentyIdenticalTransferCreations_ReachWeChatPayOnce()
    {
        var body = FamilyPayloads.Transfer(Payloads.NewOutTradeNo("TD"), "李小龙");

        var (reached, statuses) = await AllAtOnceAsync("/v3/fund-app/mch-transfer/transfer-bills", [.. Enumerable.Repeat(body, 20)]);

        Assert.Equal(1, reached);
        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        Assert.Contains(HttpStatusCode.OK, statuses);
    }

    [Fact]
    public async Task TwentyPartnerPrepays_SameOutTradeNoForTwoSubMerchants_ReachWeChatPayOncePerSubMerchant()
    {
        var outTradeNo = Payloads.NewOutTradeNo("PD");
        var first = FamilyPayloads.PartnerPrepay(_host.Keys.MchId, FamilyPayloads.SubMchId, outTradeNo);
        var second = FamilyPayloads.PartnerPrepay(_host.Keys.MchId, FamilyPayloads.OtherSubMchId, outTradeNo);

        var (reached, statuses) = await AllAtOnceAsync("/v3/pay/partner/transactions/jsapi", [.. Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? first : second)]);

        Assert.Equal(2, reached);
        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        Assert.All(_host.Simulator.Requests, r => Assert.Equal(_host.Keys.MchId, r.MchId));
    }

    [Fact]
    public async Task TenIdenticalProfitSharingOrders_ReachWeChatPayOnce()
    {
        var body = FamilyPayloads.ProfitSharingOrder(Payloads.NewOutTradeNo("PS"), "示例商户全称");

        var (reached, statuses) = await AllAtOnceAsync("/v3/profitsharing/orders", [.. Enumerable.Repeat(body, 10)]);

        Assert.Equal(1, reached);
        Assert.Contains(HttpStatusCode.OK, statuses);
    }

    [Fact]
    public async Task TenIdenticalCombinedPrepays_ReachWeChatPayOnce()
    {
        var body = FamilyPayloads.CombinePrepay(_host.Keys.MchId, Payloads.NewOutTradeNo("CD"));

        var (reached, statuses) = await AllAtOnceAsync("/v3/combine-transactions/jsapi", [.. Enumerable.Repeat(body, 10)]);

        Assert.Equal(1, reached);
        Assert.Contains(HttpStatusCode.OK, statuses);
    }
}
