using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator.Faults;

namespace EdgeGateway.IntegrationTests.Idempotency;

/// <summary>
/// The duplicate-payment guard fails closed: a money-moving request it cannot key on one canonical identifier is
/// refused with 400 naming the field, never forwarded unguarded; and a JSON route takes JSON only (415), so a
/// multipart body cannot slip past the parser that feeds the guard. Identical requests reach WeChat Pay at most once.
/// </summary>
public sealed class UnkeyablePrepayTests : IAsyncLifetime
{
    private const string Prepay = "/v3/pay/transactions/jsapi";
    private GatewayTestHost _host = null!;

    public async Task InitializeAsync() => _host = await GatewayTestHost.StartAsync(new Dictionary<string, string?>
    {
        // Twenty identical prepays come from one payer: the per-payer quota (30/min) must not be what answers them.
        ["ReverseProxy:Routes:pay-jsapi:Metadata:Quota"] = "caller-orders",
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private string MchId => _host.Keys.MchId;

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    /// <summary>Twenty identical requests at once, against a slow WeChat Pay: what reaches it, and what the callers got.</summary>
    private async Task<(int Reached, HttpStatusCode[] Statuses, JsonNode First)> TwentyAtOnceAsync(Func<HttpContent> content, string target = Prepay)
    {
        _host.Simulator.ClearRequests();
        _host.Simulator.Faults.Current = new FaultSettings { LatencyMs = 500, PathPrefix = Prepay };
        try
        {
            var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
            {
                using var response = await _host.Client.PostAsync(target, content());
                return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
            }));
            return (_host.Simulator.CountRequests("POST", Prepay), [.. responses.Select(r => r.StatusCode)], JsonNode.Parse(responses[0].Body)!);
        }
        finally
        {
            _host.Simulator.Faults.Reset();
        }
    }

    public static TheoryData<string, string, string> UnkeyableBodies => new()
    {
        { """{"appid":"wxd678efh567hg6787","mchid":"M","sub_mchid":"19|00","description":"x","out_trade_no":"N","notify_url":"https://www.weixin.qq.com/wxpay/pay.php","amount":{"total":100,"currency":"CNY"},"payer":{"openid":"o"}}""", "sub_mchid", "malformed" },
        { """{"appid":"wxd678efh567hg6787","mchid":"M","sub_mchid":"1900000109","description":"x","out_trade_no":"N","notify_url":"https://www.weixin.qq.com/wxpay/pay.php","amount":{"total":100,"currency":"CNY"},"payer":{"openid":"o"}}""", "sub_mchid", "partner_field" },
        { """{"appid":"wxd678efh567hg6787","mchid":"M","description":"x","out_trade_no":12175250120140703,"notify_url":"https://www.weixin.qq.com/wxpay/pay.php","amount":{"total":100,"currency":"CNY"},"payer":{"openid":"o"}}""", "out_trade_no", "not_a_string" },
        { """{"appid":"wxd678efh567hg6787","mchid":"M","description":"x","notify_url":"https://www.weixin.qq.com/wxpay/pay.php","amount":{"total":100,"currency":"CNY"},"payer":{"openid":"o"}}""", "out_trade_no", "missing" },
        { """{"appid":"wxd678efh567hg6787","mchid":"M","description":"x","out_trade_no":"N N","notify_url":"https://www.weixin.qq.com/wxpay/pay.php","amount":{"total":100,"currency":"CNY"},"payer":{"openid":"o"}}""", "out_trade_no", "malformed" },
        { """{}""", "out_trade_no", "missing" },
    };

    [Theory]
    [MemberData(nameof(UnkeyableBodies))]
    public async Task TwentyIdenticalPrepays_TheGuardCannotKey_AreAllRefusedAndNoneReachesWeChatPay(string template, string field, string reason)
    {
        var body = template.Replace("\"M\"", $"\"{MchId}\"", StringComparison.Ordinal).Replace("\"N", $"\"{Payloads.NewOutTradeNo()}", StringComparison.Ordinal);

        var (reached, statuses, first) = await TwentyAtOnceAsync(() => Payloads.Json(body));

        Assert.Equal(0, reached);
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.BadRequest, s));
        Assert.Equal("INVALID_REQUEST", (string?)first["code"]);
        Assert.Equal(field, (string?)first["detail"]!["field"]);
        Assert.Equal(reason, (string?)first["detail"]!["reason"]);
    }

    [Fact]
    public async Task EmptyPrepayBody_IsRefused_NotSignedForTheDefaultMerchant()
    {
        _host.Simulator.ClearRequests();

        using var response = await _host.Client.PostAsync(Prepay, new ByteArrayContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("out_trade_no", (string?)(await JsonAsync(response))["detail"]!["field"]);
        Assert.Empty(_host.Simulator.Requests);
    }

    [Fact]
    public async Task TwentyIdenticalPrepays_SubMerchantInTheQuery_AreRefused()
    {
        var body = Payloads.JsapiPrepay(MchId, Payloads.NewOutTradeNo()).ToJsonString();

        var (reached, statuses, first) = await TwentyAtOnceAsync(() => Payloads.Json(body), Prepay + "?sub_mchid=a%7Cb");

        Assert.Equal(0, reached);
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.BadRequest, s));
        Assert.Equal("sub_mchid", (string?)first["detail"]!["field"]);
    }

    [Fact]
    public async Task FiveIdenticalMultipartPrepays_AreRefusedWith415()
    {
        var meta = Payloads.JsapiPrepay(MchId, Payloads.NewOutTradeNo()).ToJsonString();
        HttpContent Multipart()
        {
            var form = new MultipartFormDataContent("edge-boundary");
            var metaPart = new StringContent(meta, Encoding.UTF8);
            metaPart.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            form.Add(metaPart, "meta");
            form.Add(new ByteArrayContent("x"u8.ToArray()), "file", "a.txt");
            return form;
        }

        var (reached, statuses, first) = await TwentyAtOnceAsync(Multipart);

        Assert.Equal(0, reached);
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.UnsupportedMediaType, s));
        Assert.Equal("UNSUPPORTED_MEDIA_TYPE", (string?)first["code"]);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=gbk")]
    public async Task Prepay_NotJson_Is415(string contentType)
    {
        _host.Simulator.ClearRequests();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Payloads.JsapiPrepay(MchId, Payloads.NewOutTradeNo()).ToJsonString()));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        using var response = await _host.Client.PostAsync(Prepay, content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("This route takes a JSON body: send it with Content-Type: application/json (UTF-8).", (string?)(await JsonAsync(response))["message"]);
        Assert.Empty(_host.Simulator.Requests);
    }

    [Fact]
    public async Task TwentyIdenticalValidPrepays_StillReachWeChatPayOnce()
    {
        var body = Payloads.JsapiPrepay(MchId, Payloads.NewOutTradeNo()).ToJsonString();

        var (reached, statuses, _) = await TwentyAtOnceAsync(() => Payloads.Json(body));

        Assert.Equal(1, reached);
        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
    }

    [Fact]
    public async Task Upload_FakeMetaInThePreamble_Is400AndNothingIsSent()
    {
        _host.Simulator.ClearRequests();
        const string body = "preamble\r\n--edge-boundary\r\nContent-Disposition: form-data; name=\"meta\"\r\n\r\n{\"filename\":\"fake.png\",\"sha256\":\"00\"}\r\n"
                            + "--edge-boundary\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"filename\":\"a.png\",\"sha256\":\"00\"}\r\n"
                            + "--edge-boundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\nPNG\r\n--edge-boundary--\r\n";
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=edge-boundary");

        using var response = await _host.Client.PostAsync("/v3/merchant/media/upload", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("The upload cannot be signed: the multipart body must start with its boundary line (no preamble).", (string?)(await JsonAsync(response))["message"]);
        Assert.Empty(_host.Simulator.Requests);
    }

    [Fact]
    public async Task Upload_JsonBody_Is415()
    {
        using var response = await _host.Client.PostAsync("/v3/merchant/media/upload", Payloads.Json("""{"filename":"a.png","sha256":"00"}"""));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }
}
