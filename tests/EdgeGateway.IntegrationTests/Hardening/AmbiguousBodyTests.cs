using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.IntegrationTests.Hardening;

/// <summary>
/// Bodies two JSON parsers could read differently are refused before anything is keyed, counted, locked or signed,
/// on a real gateway in front of the simulator; and the simulator, like WeChat Pay, answers them 400 PARAM_ERROR.
/// </summary>
public sealed class AmbiguousBodyTests : IAsyncLifetime
{
    private const string Prepay = "/v3/pay/transactions/jsapi";
    private GatewayTestHost _host = null!;

    public async Task InitializeAsync() => _host = await GatewayTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private string MchId => _host.Keys.MchId;

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    public static TheoryData<string, string> AmbiguousPrepays => new()
    {
        { """{"mchid":"1900000001","mchid":"1900000002","out_trade_no":"T1217752501","payer":{"openid":"AMBIG-1"},"amount":{"total":100}}""", "/mchid" },
        { """{"mchid":"1900000001","out_trade_no":"T1217752501","out_trade_no":"T1217752502","payer":{"openid":"AMBIG-1"},"amount":{"total":100}}""", "/out_trade_no" },
        { """{"mchid":"1900000001","out_trade_no":"T1217752503","payer":{"openid":"AMBIG-1","openid":"AMBIG-2"},"amount":{"total":100}}""", "/payer/openid" },
        { """{"mchid":"1900000001","out_trade_no":"T1217752504","payer":{"openid":"AMBIG-1"},"amount":{"total":100,"total":1}}""", "/amount/total" },
        { """{"mchid":"1900000001","out_tr\u0061de_no":"T1217752505","out_trade_no":"T1217752506","payer":{"openid":"AMBIG-1"}}""", "/out_trade_no" },
        { """{"mchid":"1900000001","out_trade_no":"T1217752507","payer":{"openid":"AMBIG-1"},"amount":{"total":1e400}}""", "/amount/total" },
    };

    [Theory]
    [MemberData(nameof(AmbiguousPrepays))]
    public async Task Prepay_AmbiguousBody_Is400NamingTheMember_AndNothingIsCountedOrSent(string body, string pointer)
    {
        _host.Simulator.ClearRequests();

        using var response = await _host.Client.PostAsync(Prepay, Payloads.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await JsonAsync(response);
        Assert.Equal("INVALID_REQUEST", (string?)error["code"]);
        Assert.Equal(pointer, (string?)error["detail"]!["field"]);
        Assert.False(response.Headers.Contains("RateLimit"), "a refused body must not reach the quota");
        Assert.Empty(_host.Simulator.Requests);
    }

    [Fact]
    public async Task Prepay_AmbiguousBodies_SpendNoneOfThePayersQuota()
    {
        var payer = "AMBIG-QUOTA-" + Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 5; i++)
        {
            using var refused = await _host.Client.PostAsync(Prepay, Payloads.Json(
                "{\"appid\":\"wxd678efh567hg6787\",\"mchid\":\"" + MchId + "\",\"mchid\":\"" + MchId + "\",\"description\":\"x\",\"out_trade_no\":\"" + Payloads.NewOutTradeNo()
                + "\",\"notify_url\":\"https://www.weixin.qq.com/wxpay/pay.php\",\"amount\":{\"total\":100,\"currency\":\"CNY\"},\"payer\":{\"openid\":\"" + payer + "\"}}"));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        using var accepted = await _host.Client.PostAsync(Prepay, Payloads.Json(Payloads.JsapiPrepay(MchId, Payloads.NewOutTradeNo(), openId: payer)));

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Contains("\"payer-orders-60s\";r=29;", accepted.Headers.GetValues("RateLimit").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prepay_ByteOrderMark_Is400()
    {
        var content = new ByteArrayContent([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Payloads.JsapiPrepay(MchId, Payloads.NewOutTradeNo()).ToJsonString())]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        _host.Simulator.ClearRequests();

        using var response = await _host.Client.PostAsync(Prepay, content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("The request body starts with a byte order mark; WeChat Pay v3 takes UTF-8 JSON without one.", (string?)(await JsonAsync(response))["message"]);
        Assert.Empty(_host.Simulator.Requests);
    }

    [Fact]
    public async Task Prepay_LoneSurrogateInANestedMember_Is400()
    {
        _host.Simulator.ClearRequests();

        using var response = await _host.Client.PostAsync(Prepay, Payloads.Json(
            "{\"mchid\":\"" + MchId + "\",\"out_trade_no\":\"" + Payloads.NewOutTradeNo() + "\",\"payer\":{\"openid\":\"\\udc00\"},\"amount\":{\"total\":100}}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("/payer/openid", (string?)(await JsonAsync(response))["detail"]!["field"]);
        Assert.Empty(_host.Simulator.Requests);
    }

    [Theory]
    [InlineData("""{"mchid":"M","mchid":"N","out_trade_no":"T1217752501"}""")]
    [InlineData("""{"out_trade_no":"T1217752501","out_trade_no":"T1217752502","amount":{"total":1e999}}""")]
    [InlineData("""{"description":"\ud800"}""")]
    public async Task Simulator_AmbiguousBody_AnswersParamError_Never500(string body)
    {
        // Signed directly for the simulator, as a merchant's own client would: the gateway would refuse it first.
        var bytes = Encoding.UTF8.GetBytes(body.Replace("\"M\"", $"\"{MchId}\"", StringComparison.Ordinal));
        using var key = PemKeys.LoadPrivateKeyFile(_host.Keys.MerchantPrivateKeyPath);
        var merchant = new MerchantCredentials(MchId, _host.Keys.MerchantCertificateSerial, key);
        using var client = new HttpClient { BaseAddress = _host.Simulator.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, Prepay) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.UserAgent.ParseAdd("EdgeGateway-tests/1.0");
        request.Headers.TryAddWithoutValidation("Authorization", RequestSigner.Default.Sign(merchant, "POST", Prepay, bytes).Format());

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("PARAM_ERROR", (string?)(await JsonAsync(response))["code"]);
    }
}
