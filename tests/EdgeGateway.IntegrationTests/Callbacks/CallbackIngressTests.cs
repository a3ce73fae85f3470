using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator.Faults;
using static EdgeGateway.IntegrationTests.Callbacks.CallbackTestSupport;

namespace EdgeGateway.IntegrationTests.Callbacks;

/// <summary>
/// POST /notify/{name} end to end: simulator → gateway (verify, decrypt, store in Redis) → worker → receiver, once per
/// Redis topology (one redis-server, a cluster).
/// </summary>
public abstract partial class CallbackIngressTests(string topology) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private CallbackReceiver _receiver = null!;
    private GatewayTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _receiver = await CallbackReceiver.StartAsync();
        _host = await GatewayTestHost.StartAsync(Settings(_receiver.Url, await RedisTopologies.SharedAsync(topology), nameof(CallbackIngressTests)));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task PaidOrder_CallbackVerifiedDecryptedAndDelivered_WithTheTransactionJsonAndTraceparent()
    {
        var outTradeNo = Payloads.NewOutTradeNo();
        var prepay = Payloads.JsapiPrepay(_host.Keys.MchId, outTradeNo);
        prepay["notify_url"] = NotifyUrl(_host.Address).ToString();
        (await _host.Client.PostAsync("/v3/pay/transactions/jsapi", Payloads.Json(prepay))).EnsureSuccessStatusCode();

        var outcome = await _host.Simulator.PayOrderAsync(_host.Keys.MchId, outTradeNo);

        Assert.Equal(204, outcome.Status);
        Assert.True(await _receiver.WaitForProcessedAsync(1, Patience), "the callback was not delivered");
        var delivered = _receiver.Processed.Values.Single();
        var body = JsonNode.Parse(delivered.Body)!;
        var order = _host.Simulator.Store.FindOrder(_host.Keys.MchId, outTradeNo)!;
        Assert.True(JsonNode.DeepEquals(order.ToJson(), body["resource"]), "the resource is not the transaction WeChat Pay sent");
        Assert.Equal("TRANSACTION.SUCCESS", (string?)body["event_type"]);
        Assert.Equal("支付成功", (string?)body["summary"]);
        Assert.Equal("transaction", (string?)body["original_type"]);
        Assert.Equal("encrypt-resource", (string?)body["resource_type"]);
        Assert.False(string.IsNullOrEmpty((string?)body["create_time"]));
        Assert.Equal((string?)body["id"], delivered.IdempotencyKey);
        Assert.Matches(TraceParent(), delivered.TraceParent!);
        Assert.Equal("1", delivered.Attempt);
        Assert.StartsWith("application/json", delivered.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Callback_WithIncomingTraceparent_IsDeliveredInTheSameTrace()
    {
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        var envelope = Envelope(_host.Simulator, Transaction(Payloads.NewOutTradeNo()));

        using var response = await SendSignedAsync(_host.Simulator, _host.Client, envelope,
            headers: new Dictionary<string, string> { ["traceparent"] = $"00-{traceId}-00f067aa0ba902b7-01" });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.True(await _receiver.WaitForProcessedAsync(1, Patience));
        var delivered = _receiver.Processed[IdOf(envelope)];
        Assert.StartsWith($"00-{traceId}-", delivered.TraceParent, StringComparison.Ordinal);
        Assert.DoesNotContain("00f067aa0ba902b7", delivered.TraceParent, StringComparison.Ordinal); // the ingress span, not the caller's
    }

    [Fact]
    public async Task RefundCallback_IsDeliveredWithTheRefundJson()
    {
        var outTradeNo = Payloads.NewOutTradeNo();
        (await _host.Client.PostAsync("/v3/pay/transactions/jsapi", Payloads.Json(Payloads.JsapiPrepay(_host.Keys.MchId, outTradeNo)))).EnsureSuccessStatusCode();
        await _host.Simulator.PayOrderAsync(_host.Keys.MchId, outTradeNo, notifyUrl: NotifyUrl(_host.Address));
        var refund = new JsonObject
        {
            ["out_trade_no"] = outTradeNo,
            ["out_refund_no"] = "R" + outTradeNo,
            ["notify_url"] = NotifyUrl(_host.Address).ToString(),
            ["amount"] = new JsonObject { ["refund"] = 40, ["total"] = 100, ["currency"] = "CNY" },
        };
        (await _host.Client.PostAsync("/v3/refund/domestic/refunds", Payloads.Json(refund))).EnsureSuccessStatusCode();

        var outcome = await _host.Simulator.CompleteRefundAsync(_host.Keys.MchId, "R" + outTradeNo);

        Assert.Equal(204, outcome.Status);
        Assert.True(await _receiver.WaitForProcessedAsync(2, Patience));
        var body = _receiver.Processed.Values.Select(r => JsonNode.Parse(r.Body)!).Single(b => (string?)b["event_type"] == "REFUND.SUCCESS");
        Assert.Equal("refund", (string?)body["original_type"]);
        Assert.Equal("R" + outTradeNo, (string?)body["resource"]!["out_refund_no"]);
        Assert.Equal("SUCCESS", (string?)body["resource"]!["refund_status"]);
        Assert.Equal(40, (long?)body["resource"]!["amount"]!["refund"]);
    }

    [Theory]
    [InlineData(SignatureFault.Tamper, "SignatureMismatch")]
    [InlineData(SignatureFault.StaleTimestamp, "StaleTimestamp")]
    [InlineData(SignatureFault.FutureTimestamp, "FutureTimestamp")]
    [InlineData(SignatureFault.Probe, "SignatureProbe")]
    [InlineData(SignatureFault.WrongKey, "SignatureMismatch")]
    [InlineData(SignatureFault.Omit, "MissingHeader")]
    [InlineData(SignatureFault.UnknownSerial, "UnknownSerial")]
    public async Task SpoiledCallback_Gets401Fail_AndNothingIsDelivered(SignatureFault fault, string reason)
    {
        var spoiled = Envelope(_host.Simulator, Transaction(Payloads.NewOutTradeNo()));

        var outcome = await SendAsync(_host.Simulator, _host.Address, spoiled, fault);

        Assert.Equal(401, outcome.Status);
        var body = JsonNode.Parse(outcome.Body)!;
        Assert.Equal("FAIL", (string?)body["code"]);
        Assert.Equal("signature verification failed: " + reason, (string?)body["message"]);

        // A good callback sent afterwards is delivered; the spoiled one never is.
        var good = Envelope(_host.Simulator, Transaction(Payloads.NewOutTradeNo()));
        Assert.Equal(204, (await SendAsync(_host.Simulator, _host.Address, good)).Status);
        Assert.True(await _receiver.WaitForProcessedAsync(1, Patience));
        await Task.Delay(300);
        Assert.Equal([IdOf(good)], _receiver.Received.Select(r => r.IdempotencyKey));
    }

    [Fact]
    public async Task SameNotificationSentAgain_IsAcknowledgedEveryTimeButDeliveredOnce()
    {
        var envelope = Envelope(_host.Simulator, Transaction(Payloads.NewOutTradeNo()));

        var first = await SendAsync(_host.Simulator, _host.Address, envelope);
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => SendAsync(_host.Simulator, _host.Address, envelope)));

        Assert.Equal(204, first.Status);
        Assert.All(concurrent, o => Assert.Equal(204, o.Status));
        var marker = Envelope(_host.Simulator, Transaction(Payloads.NewOutTradeNo()));
        Assert.Equal(204, (await SendAsync(_host.Simulator, _host.Address, marker)).Status);
        Assert.True(await _receiver.WaitForProcessedAsync(2, Patience));
        await Task.Delay(300);
        Assert.Single(_receiver.Received, r => r.IdempotencyKey == IdOf(envelope));
    }

    [Fact]
    public async Task UnknownCallbackName_Gets404Fail()
    {
        var outcome = await SendAsync(_host.Simulator, _host.Address, Envelope(_host.Simulator, Transaction(Payloads.NewOutTradeNo())), name: "nosuchroute");

        Assert.Equal(404, outcome.Status);
        Assert.Equal("""{"code":"FAIL","message":"no callback is configured at this URL"}""", outcome.Body);
    }

    [Fact]
    public async Task OversizedBody_Gets413Fail()
    {
        var huge = Encoding.UTF8.GetBytes("{\"id\":\"" + new string('x', 70_000) + "\"}");

        using var response = await SendSignedAsync(_host.Simulator, _host.Client, huge);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("FAIL", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["code"]);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("[1,2,3]")]
    [InlineData("""{"id":"EV-1","event_type":"TRANSACTION.SUCCESS"}""")]
    [InlineData("""{"id":"EV-1","event_type":"TRANSACTION.SUCCESS","resource":{"algorithm":"AEAD_AES_256_GCM","ciphertext":"AAAA"}}""")]
    public async Task SignedButMalformedEnvelope_Gets400Fail(string body)
    {
        using var response = await SendSignedAsync(_host.Simulator, _host.Client, Encoding.UTF8.GetBytes(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("""{"code":"FAIL","message":"malformed callback envelope"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ResourceEncryptedUnderAnotherApiV3Key_Gets400Fail()
    {
        var stranger = Merchant(_host.Simulator) with { ApiV3Key = TestKeys.Create("stranger-callback", _host.Keys.MchId).ApiV3Key };
        var envelope = _host.Simulator.Callbacks.BuildEnvelope(stranger, "TRANSACTION.SUCCESS", "transaction", "支付成功", Transaction(Payloads.NewOutTradeNo()));

        var outcome = await SendAsync(_host.Simulator, _host.Address, envelope);

        Assert.Equal(400, outcome.Status);
        Assert.Equal("""{"code":"FAIL","message":"the resource cannot be decrypted"}""", outcome.Body);
    }

    [Fact]
    public async Task NotifyEndpoint_IsNotServedOnTheManagementListener_AndOperatorViewNotOnThePublicOne()
    {
        using var onManagement = await _host.ManagementClient.PostAsync("/notify/pay", new ByteArrayContent(Envelope(_host.Simulator, Transaction("X1"))));
        using var onPublic = await _host.Client.GetAsync("/callbacks/dead-letters");

        Assert.Equal(HttpStatusCode.NotFound, onManagement.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, onPublic.StatusCode);
    }

    [GeneratedRegex("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[0-9a-f]$")]
    private static partial Regex TraceParent();
}
