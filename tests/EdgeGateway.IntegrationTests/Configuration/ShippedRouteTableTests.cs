using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EdgeGateway.Configuration;
using EdgeGateway.IntegrationTests.Infrastructure;
using Yarp.ReverseProxy.Configuration;

namespace EdgeGateway.IntegrationTests.Configuration;

/// <summary>The shipped config/routes.json covers the main v3 endpoints with sensible per-route policies.</summary>
public sealed class ShippedRouteTableTests : IAsyncLifetime
{
    private GatewayTestHost _host = null!;
    private IReadOnlyList<RouteConfig> _routes = null!;

    public async Task InitializeAsync()
    {
        _host = await GatewayTestHost.StartAsync();
        _routes = _host.Service<PolicyCatalogProvider>().Active.Routes;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("POST", "/v3/pay/transactions/jsapi", "pay-jsapi")]
    [InlineData("POST", "/v3/pay/transactions/app", "pay-app")]
    [InlineData("POST", "/v3/pay/transactions/h5", "pay-h5")]
    [InlineData("POST", "/v3/pay/transactions/native", "pay-native")]
    [InlineData("GET", "/v3/pay/transactions/id/{transaction_id}", "pay-query-by-transaction-id")]
    [InlineData("GET", "/v3/pay/transactions/out-trade-no/{out_trade_no}", "pay-query-by-out-trade-no")]
    [InlineData("POST", "/v3/pay/transactions/out-trade-no/{out_trade_no}/close", "pay-close")]
    [InlineData("POST", "/v3/refund/domestic/refunds", "refund-create")]
    [InlineData("GET", "/v3/refund/domestic/refunds/{out_refund_no}", "refund-query")]
    [InlineData("POST", "/v3/refund/domestic/refunds/{refund_id}/apply-abnormal-refund", "refund-abnormal")]
    [InlineData("GET", "/v3/bill/tradebill", "bill-trade")]
    [InlineData("GET", "/v3/bill/fundflowbill", "bill-fundflow")]
    [InlineData("GET", "/v3/billdownload/file", "bill-download")]
    [InlineData("GET", "/v3/certificates", "certificates")]
    [InlineData("POST", "/v3/merchant/media/upload", "media-upload")]
    [InlineData("POST", "/v3/merchant/media/video_upload", "media-video-upload")]
    [InlineData("POST", "/v3/pay/partner/transactions/jsapi", "partner-pay-jsapi")]
    [InlineData("POST", "/v3/pay/partner/transactions/app", "partner-pay-app")]
    [InlineData("POST", "/v3/pay/partner/transactions/h5", "partner-pay-h5")]
    [InlineData("POST", "/v3/pay/partner/transactions/native", "partner-pay-native")]
    [InlineData("GET", "/v3/pay/partner/transactions/id/{transaction_id}", "partner-pay-query-by-transaction-id")]
    [InlineData("GET", "/v3/pay/partner/transactions/out-trade-no/{out_trade_no}", "partner-pay-query-by-out-trade-no")]
    [InlineData("POST", "/v3/pay/partner/transactions/out-trade-no/{out_trade_no}/close", "partner-pay-close")]
    [InlineData("POST", "/v3/combine-transactions/jsapi", "combine-jsapi")]
    [InlineData("POST", "/v3/combine-transactions/app", "combine-app")]
    [InlineData("POST", "/v3/combine-transactions/h5", "combine-h5")]
    [InlineData("POST", "/v3/combine-transactions/native", "combine-native")]
    [InlineData("GET", "/v3/combine-transactions/out-trade-no/{combine_out_trade_no}", "combine-query")]
    [InlineData("POST", "/v3/combine-transactions/out-trade-no/{combine_out_trade_no}/close", "combine-close")]
    [InlineData("POST", "/v3/profitsharing/orders", "profitsharing-order-create")]
    [InlineData("GET", "/v3/profitsharing/orders/{out_order_no}", "profitsharing-order-query")]
    [InlineData("POST", "/v3/profitsharing/orders/unfreeze", "profitsharing-unfreeze")]
    [InlineData("POST", "/v3/profitsharing/return-orders", "profitsharing-return-create")]
    [InlineData("GET", "/v3/profitsharing/return-orders/{out_return_no}", "profitsharing-return-query")]
    [InlineData("POST", "/v3/profitsharing/receivers/add", "profitsharing-receiver-add")]
    [InlineData("POST", "/v3/profitsharing/receivers/delete", "profitsharing-receiver-delete")]
    [InlineData("POST", "/v3/fund-app/mch-transfer/transfer-bills", "transfer-create")]
    [InlineData("POST", "/v3/fund-app/mch-transfer/transfer-bills/out-bill-no/{out_bill_no}/cancel", "transfer-cancel")]
    [InlineData("GET", "/v3/fund-app/mch-transfer/transfer-bills/out-bill-no/{out_bill_no}", "transfer-query")]
    public void Endpoint_HasItsRoute(string method, string path, string routeId)
    {
        var route = Assert.Single(_routes, r => r.Match.Path == path);

        Assert.Equal(routeId, route.RouteId);
        Assert.Equal([method], route.Match.Methods!);
    }

    [Fact]
    public void EveryRoute_HasARateLimitATimeoutAGroupAndABreaker()
    {
        Assert.All(_routes, r =>
        {
            Assert.Contains(r.RateLimiterPolicy!, _host.Service<PolicyCatalogProvider>().Current.RateLimits.Keys);
            Assert.NotNull(r.Timeout);
            Assert.True(r.Metadata?.ContainsKey(RouteMetadataKeys.Group), $"{r.RouteId} has no group");
            Assert.True(r.Metadata?.ContainsKey(RouteMetadataKeys.CircuitBreaker), $"{r.RouteId} has no breaker");
        });
    }

    /// <summary>POSTs that move no money: uploads, and profit-sharing receivers (a relation, keyed by no merchant number).</summary>
    private static bool MovesNoMoney(string path) =>
        path.StartsWith("/v3/merchant/media/", StringComparison.Ordinal) || path.StartsWith("/v3/profitsharing/receivers/", StringComparison.Ordinal);

    [Fact]
    public void EveryMoneyMovingPost_IsGuardedAndNeverRetried_AndUploadsAreNeither()
    {
        foreach (var route in _routes.Where(r => r.Match.Methods!.Contains("POST")))
        {
            var metadata = route.Metadata!;
            Assert.False(metadata.ContainsKey(RouteMetadataKeys.Retry), $"{route.RouteId} must not be retried");
            var unguarded = MovesNoMoney(route.Match.Path!);
            Assert.True(unguarded != metadata.ContainsKey(RouteMetadataKeys.DuplicateGuard), $"{route.RouteId}: guarded = {!unguarded} expected");
        }
    }

    [Theory]
    [InlineData("partner-pay-jsapi", "out_trade_no", "Partner")]
    [InlineData("partner-pay-close", "out_trade_no", "Partner")]
    [InlineData("combine-native", "combine_out_trade_no", "Direct")]
    [InlineData("combine-close", "combine_out_trade_no", "Direct")]
    [InlineData("profitsharing-order-create", "out_order_no", "Either")]
    [InlineData("profitsharing-unfreeze", "out_order_no", "Either")]
    [InlineData("profitsharing-return-create", "out_return_no", "Either")]
    [InlineData("transfer-create", "out_bill_no", "Direct")]
    [InlineData("transfer-cancel", "out_bill_no", "Direct")]
    public void MoneyMovingRoute_KeysItsGuardOnItsOwnNumber(string routeId, string guardKey, string merchant)
    {
        var metadata = Assert.Single(_routes, r => r.RouteId == routeId).Metadata!;

        Assert.Equal(guardKey, metadata[RouteMetadataKeys.DuplicateGuardKey]);
        Assert.Equal(merchant, metadata.GetValueOrDefault(RouteMetadataKeys.Merchant, "Direct"));
    }

    [Theory]
    [InlineData("transfer-create", "user_name")]
    [InlineData("profitsharing-order-create", "receivers[].name")]
    [InlineData("profitsharing-receiver-add", "name")]
    public void RouteWithSensitiveFields_ListsThem(string routeId, string fields)
    {
        Assert.Equal(fields, Assert.Single(_routes, r => r.RouteId == routeId).Metadata![RouteMetadataKeys.SensitiveFields]);
    }

    [Fact]
    public async Task AbnormalRefund_IsSignedForwardedAndVerified_AndRefusedWhileTheRefundIsNotAbnormal()
    {
        var mchId = _host.Keys.MchId;
        var outTradeNo = Payloads.NewOutTradeNo("AB");
        (await _host.Client.PostAsync("/v3/pay/transactions/native", Payloads.Json(Payloads.JsapiPrepay(mchId, outTradeNo)))).EnsureSuccessStatusCode();
        _host.Simulator.Payments.MarkPaid(mchId, outTradeNo);
        var outRefundNo = Payloads.NewOutTradeNo("ABR");
        (await _host.Client.PostAsync("/v3/refund/domestic/refunds", Payloads.Json(new JsonObject
        {
            ["out_trade_no"] = outTradeNo,
            ["out_refund_no"] = outRefundNo,
            ["amount"] = new JsonObject { ["refund"] = 100, ["total"] = 100, ["currency"] = "CNY" },
        }))).EnsureSuccessStatusCode();
        var refund = _host.Simulator.Store.FindRefund(mchId, outRefundNo)!;
        var body = new JsonObject { ["out_refund_no"] = outRefundNo, ["type"] = "USER_BANK_CARD" };

        using (var refused = await _host.Client.PostAsync($"/v3/refund/domestic/refunds/{refund.RefundId}/apply-abnormal-refund", Payloads.Json(body.DeepClone())))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("INVALID_REQUEST", (string?)JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["code"]);
            Assert.False(refused.Headers.Contains("X-EdgeGateway-Error")); // WeChat Pay's own (verified) answer
        }

        refund.Status = "ABNORMAL";
        using var applied = await _host.Client.PostAsync($"/v3/refund/domestic/refunds/{refund.RefundId}/apply-abnormal-refund", Payloads.Json(body.DeepClone()));
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        Assert.Equal("PROCESSING", (string?)JsonNode.Parse(await applied.Content.ReadAsStringAsync())!["status"]);
        Assert.True(applied.Headers.Contains("Wechatpay-Signature"));
    }

    [Fact]
    public async Task VideoUpload_SignsTheMeta_AndIsVerified()
    {
        var video = RandomNumberGenerator.GetBytes(64 * 1024);
        using var form = new MultipartFormDataContent("edgegateway-video");
        var meta = new ByteArrayContent(Encoding.UTF8.GetBytes($"{{\"filename\":\"clip.mp4\",\"sha256\":\"{Convert.ToHexStringLower(SHA256.HashData(video))}\"}}"));
        meta.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(meta, "\"meta\"");
        var file = new ByteArrayContent(video);
        file.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        form.Add(file, "\"file\"", "\"clip.mp4\"");

        using var response = await _host.Client.PostAsync("/v3/merchant/media/video_upload", form);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.NotNull((string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["media_id"]);
    }
}
