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

    [Fact]
    public void EveryMoneyMovingPost_IsGuardedAndNeverRetried_AndUploadsAreNeither()
    {
        foreach (var route in _routes.Where(r => r.Match.Methods!.Contains("POST")))
        {
            var metadata = route.Metadata!;
            Assert.False(metadata.ContainsKey(RouteMetadataKeys.Retry), $"{route.RouteId} must not be retried");
            var upload = route.Match.Path!.StartsWith("/v3/merchant/media/", StringComparison.Ordinal);
            Assert.True(upload != metadata.ContainsKey(RouteMetadataKeys.DuplicateGuard), $"{route.RouteId}: guarded = {!upload} expected");
        }
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
