using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator.Faults;
using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.IntegrationTests.Proxy;

/// <summary>The walking skeleton end to end: caller → gateway (signs, verifies) → simulator (verifies, signs).</summary>
public sealed class SignedProxyTests : IAsyncLifetime
{
    private GatewayTestHost _host = null!;

    public async Task InitializeAsync() => _host = await GatewayTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private string MchId => _host.Keys.MchId;

    [Fact]
    public async Task JsapiPrepay_UnsignedRequest_SimulatorAcceptsSignatureAndCallerGetsPrepayId()
    {
        var outTradeNo = Payloads.NewOutTradeNo();
        using var response = await _host.Client.PostAsync("/v3/pay/transactions/jsapi", Payloads.Json(Payloads.JsapiPrepay(MchId, outTradeNo)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var order = _host.Simulator.Store.FindOrder(MchId, outTradeNo);
        Assert.NotNull(order);
        Assert.Equal(order.PrepayId, (string?)body["prepay_id"]);

        var seen = Assert.Single(_host.Simulator.Requests);
        Assert.True(seen.SignatureAccepted);
        Assert.Equal("/v3/pay/transactions/jsapi", seen.Target);
        Assert.Equal(MchId, seen.MchId);
        Assert.False(response.Headers.Contains("X-EdgeGateway-Error"));
    }

    [Fact]
    public async Task QueryByOutTradeNo_WithQueryString_IsSignedOverPathAndQueryAndVerified()
    {
        var outTradeNo = Payloads.NewOutTradeNo();
        (await _host.Client.PostAsync("/v3/pay/transactions/jsapi", Payloads.Json(Payloads.JsapiPrepay(MchId, outTradeNo)))).EnsureSuccessStatusCode();

        using var response = await _host.Client.GetAsync($"/v3/pay/transactions/out-trade-no/{outTradeNo}?mchid={MchId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("NOTPAY", (string?)body["trade_state"]);
        var query = _host.Simulator.Requests[^1];
        Assert.True(query.SignatureAccepted);
        Assert.Equal($"/v3/pay/transactions/out-trade-no/{outTradeNo}?mchid={MchId}", query.Target);
    }

    [Fact]
    public async Task CloseOrder_Answers204_SignedEmptyBodyVerifies()
    {
        var outTradeNo = Payloads.NewOutTradeNo();
        (await _host.Client.PostAsync("/v3/pay/transactions/jsapi", Payloads.Json(Payloads.JsapiPrepay(MchId, outTradeNo)))).EnsureSuccessStatusCode();

        using var response = await _host.Client.PostAsync($"/v3/pay/transactions/out-trade-no/{outTradeNo}/close",
            Payloads.Json(new JsonObject { ["mchid"] = MchId }));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("CLOSED", _host.Simulator.Store.FindOrder(MchId, outTradeNo)!.TradeState);
    }

    [Theory]
    [InlineData(SignatureFault.Tamper, "SignatureMismatch")]
    [InlineData(SignatureFault.Probe, "SignatureProbe")]
    [InlineData(SignatureFault.StaleTimestamp, "StaleTimestamp")]
    [InlineData(SignatureFault.FutureTimestamp, "FutureTimestamp")]
    [InlineData(SignatureFault.Omit, "MissingHeader")]
    [InlineData(SignatureFault.WrongKey, "SignatureMismatch")]
    [InlineData(SignatureFault.UnknownSerial, "UnknownSerial")]
    public async Task Prepay_UpstreamSignatureSpoiled_Returns502AndWithholdsBody(SignatureFault fault, string reason)
    {
        _host.Simulator.Faults.Current = new FaultSettings { SignatureFault = fault };

        using var response = await _host.Client.PostAsync("/v3/pay/transactions/jsapi", Payloads.Json(Payloads.JsapiPrepay(MchId, Payloads.NewOutTradeNo())));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("true", response.Headers.GetValues("X-EdgeGateway-Error").Single());
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("prepay_id", text, StringComparison.Ordinal);
        Assert.DoesNotContain("wx", text, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Wechatpay-Signature"));
        var body = JsonNode.Parse(text)!;
        Assert.Equal("UPSTREAM_SIGNATURE_INVALID", (string?)body["code"]);
        Assert.Equal(reason, (string?)body["detail"]!["reason"]);
    }

    [Fact]
    public async Task UpstreamBusinessError_SignedError_PassesThroughUnchanged()
    {
        using var response = await _host.Client.GetAsync($"/v3/pay/transactions/out-trade-no/NOSUCHORDER1?mchid={MchId}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(response.Headers.Contains("X-EdgeGateway-Error"));
        Assert.Equal("ORDER_NOT_EXIST", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["code"]);
    }

    [Fact]
    public async Task CallerSuppliedAuthorizationAndWechatpayHeaders_AreNeverForwarded()
    {
        const string forged = "WECHATPAY2-SHA256-RSA2048 mchid=\"1900000001\",nonce_str=\"forged\",timestamp=\"1\",serial_no=\"00\",signature=\"Zm9yZ2Vk\"";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v3/pay/transactions/jsapi")
        {
            Content = Payloads.Json(Payloads.JsapiPrepay(MchId, Payloads.NewOutTradeNo())),
        };
        request.Headers.TryAddWithoutValidation("Authorization", forged);
        request.Headers.TryAddWithoutValidation("Wechatpay-Serial", "PUB_KEY_ID_FORGED");
        request.Headers.TryAddWithoutValidation("Wechatpay-Signature", "forged");
        request.Headers.TryAddWithoutValidation("X-Api-Key", GatewayTestHost.DefaultApiKey);
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "10.0.0.1");

        using var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(_host.Simulator.Requests);
        Assert.NotEqual(forged, seen.Authorization);
        Assert.True(AuthorizationHeader.TryParse(seen.Authorization, out var sent, out _));
        Assert.Equal(_host.Keys.MerchantCertificateSerial, sent!.SerialNo);
        Assert.NotEqual("PUB_KEY_ID_FORGED", seen.WechatpaySerial);
        Assert.DoesNotContain(seen.HeaderNames, h => h.Equals("X-Api-Key", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(seen.HeaderNames, h => h.StartsWith("X-Forwarded", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(seen.HeaderNames, h => h.Equals("Wechatpay-Signature", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Body_TwoMebibytes_Returns413WithoutCallingUpstream()
    {
        var padding = new string('x', 2 * 1024 * 1024);
        using var response = await _host.Client.PostAsync("/v3/pay/transactions/jsapi",
            Payloads.Json($"{{\"mchid\":\"{MchId}\",\"description\":\"{padding}\"}}"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("REQUEST_TOO_LARGE", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["code"]);
        Assert.Empty(_host.Simulator.Requests);
    }

    [Fact]
    public async Task Body_ChunkedOverLimit_Returns413()
    {
        var content = new StreamContent(new MemoryStream(new byte[2 * 1024 * 1024]));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v3/pay/transactions/jsapi") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(_host.Simulator.Requests);
    }

    [Fact]
    public async Task MalformedJson_Returns400InvalidRequest()
    {
        using var response = await _host.Client.PostAsync("/v3/pay/transactions/jsapi", Payloads.Json("{\"mchid\": \"1900000001\", \"amount\": {"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("INVALID_REQUEST", (string?)body["code"]);
        Assert.Contains("not valid JSON", (string?)body["message"], StringComparison.Ordinal);
        Assert.Empty(_host.Simulator.Requests);
    }

    [Fact]
    public async Task UnknownMchid_Returns400MerchantUnknown()
    {
        using var response = await _host.Client.PostAsync("/v3/pay/transactions/jsapi",
            Payloads.Json(Payloads.JsapiPrepay("1999999999", Payloads.NewOutTradeNo())));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("MERCHANT_UNKNOWN", (string?)body["code"]);
        Assert.Equal("1999999999", (string?)body["detail"]!["value"]);
        Assert.Empty(_host.Simulator.Requests);
    }

    [Fact]
    public async Task EncodedSlashInPath_Returns400()
    {
        using var response = await _host.Client.GetAsync($"/v3/pay/transactions/out-trade-no/a%2Fb?mchid={MchId}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_host.Simulator.Requests);
    }

    [Fact]
    public async Task EmptyQuery_IsSignedAsSent()
    {
        using var response = await _host.Client.GetAsync("/v3/certificates?");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(_host.Simulator.Requests);
        Assert.True(seen.SignatureAccepted);
        Assert.Equal("/v3/certificates?", seen.Target);
    }

    [Fact]
    public async Task BillDownload_UnsignedFile_PassesThroughAndMatchesHash()
    {
        (await _host.Client.PostAsync("/v3/pay/transactions/jsapi", Payloads.Json(Payloads.JsapiPrepay(MchId, Payloads.NewOutTradeNo())))).EnsureSuccessStatusCode();
        using var bill = await _host.Client.GetAsync("/v3/bill/tradebill?bill_date=2026-11-25&bill_type=ALL");
        Assert.Equal(HttpStatusCode.OK, bill.StatusCode);
        var info = JsonNode.Parse(await bill.Content.ReadAsStringAsync())!;
        var downloadUrl = new Uri((string)info["download_url"]!);

        using var file = await _host.Client.GetAsync(downloadUrl.PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        var bytes = await file.Content.ReadAsByteArrayAsync();
        Assert.Equal((string?)info["hash_value"], Convert.ToHexStringLower(SHA1.HashData(bytes)));
        Assert.True(_host.Simulator.Requests[^1].SignatureAccepted);
    }

    [Fact]
    public async Task MediaUpload_SignsTheMetaPart()
    {
        var image = RandomNumberGenerator.GetBytes(4096);
        var meta = $"{{\"filename\":\"a.png\",\"sha256\":\"{Convert.ToHexStringLower(SHA256.HashData(image))}\"}}";
        using var form = new MultipartFormDataContent("edgegateway-boundary");
        var metaPart = new ByteArrayContent(Encoding.UTF8.GetBytes(meta));
        metaPart.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(metaPart, "\"meta\"");
        var filePart = new ByteArrayContent(image);
        filePart.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(filePart, "\"file\"", "\"a.png\"");

        using var response = await _host.Client.PostAsync("/v3/merchant/media/upload", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("H1", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["media_id"], StringComparison.Ordinal);
    }
}
