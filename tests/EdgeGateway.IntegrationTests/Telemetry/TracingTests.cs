using System.Diagnostics;
using System.Net;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator.Faults;
using EdgeGateway.Telemetry;
using EdgeGateway.Transforms.Yarp;

namespace EdgeGateway.IntegrationTests.Telemetry;

/// <summary>One trace from the internal service through the gateway to WeChat Pay, with the gateway's own steps in it.</summary>
public sealed class TracingTests
{
    [Fact]
    public async Task Prepay_WithTraceparent_GatewaySpansJoinTheTraceAndUpstreamGetsTheSameTraceId()
    {
        var spans = new SpanCapture();
        await using var host = await GatewayTestHost.StartAsync(configureGateway: spans.AttachTo);
        var (traceId, parentSpanId, traceparent) = NewTraceparent();
        var outTradeNo = Payloads.NewOutTradeNo();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v3/pay/transactions/jsapi") { Content = Payloads.Json(Payloads.JsapiPrepay(host.Keys.MchId, outTradeNo)) };
        request.Headers.Add("traceparent", traceparent);
        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var trace = await spans.WaitForGatewayAsync(traceId, parentSpanId, GatewaySpans.Prepare, GatewaySpans.Quota, GatewaySpans.DuplicateGuard,
            GatewaySpans.CircuitBreaker, GatewaySpans.Sign, GatewaySpans.Verify);
        var server = Assert.Single(trace, s => s.Kind == ActivityKind.Server && s.ParentSpanId == parentSpanId);
        Assert.Equal("pay-jsapi", server.GetTagItem(GatewayTags.Route));
        Assert.Equal(outTradeNo, server.GetTagItem(GatewayTags.OutTradeNo));
        Assert.Equal(GatewayTestHost.DefaultCallerName, server.GetTagItem(GatewayTags.Caller));

        // YARP's own span wraps the proxy pipeline; the gateway's steps are its children.
        var forwarder = Assert.Single(trace, s => s.Source.Name == TelemetryExtensions.YarpActivitySourceName);
        Assert.Equal(server.SpanId, forwarder.ParentSpanId);
        var prepare = Assert.Single(trace, s => s.OperationName == GatewaySpans.Prepare);
        Assert.Equal(forwarder.SpanId, prepare.ParentSpanId);
        Assert.Equal("pay-jsapi", prepare.GetTagItem(GatewayTags.Route));
        Assert.Equal(host.Keys.MchId, prepare.GetTagItem(GatewayTags.MchId));
        Assert.Equal(outTradeNo, prepare.GetTagItem(GatewayTags.OutTradeNo));

        var sign = Assert.Single(trace, s => s.OperationName == GatewaySpans.Sign);
        Assert.Equal(host.Keys.MchId, sign.GetTagItem(GatewayTags.MchId));
        Assert.Equal(host.Keys.MerchantCertificateSerial, sign.GetTagItem(GatewayTags.MerchantSerial));

        var verify = Assert.Single(trace, s => s.OperationName == GatewaySpans.Verify);
        Assert.Equal(WeChatPayTelemetry.ResultValid, verify.GetTagItem(GatewayTags.VerificationResult));
        Assert.Equal(200, verify.GetTagItem(GatewayTags.UpstreamStatus));
        var wechatRequestId = response.Headers.GetValues("Request-ID").Single();
        Assert.Equal(wechatRequestId, verify.GetTagItem(GatewayTags.WeChatPayRequestId));
        Assert.Equal(wechatRequestId, server.GetTagItem(GatewayTags.WeChatPayRequestId));

        // The shipped pay-jsapi route has a quota, a duplicate-payment guard and a breaker; the breaker's span
        // wraps the call it guards.
        var quota = Assert.Single(trace, s => s.OperationName == GatewaySpans.Quota);
        Assert.Equal("payer-orders", quota.GetTagItem(GatewayTags.Policy));
        Assert.Equal("allowed", quota.GetTagItem(GatewayTags.Decision));
        Assert.Equal(GatewayTestHost.DefaultCallerName, quota.GetTagItem(GatewayTags.Caller));
        var guard = Assert.Single(trace, s => s.OperationName == GatewaySpans.DuplicateGuard);
        Assert.Equal("locked", guard.GetTagItem(GatewayTags.Decision));
        var breaker = Assert.Single(trace, s => s.OperationName == GatewaySpans.CircuitBreaker);
        Assert.Equal("closed", breaker.GetTagItem(GatewayTags.BreakerState));
        Assert.Equal("allowed", breaker.GetTagItem(GatewayTags.Decision));
        Assert.Equal(forwarder.SpanId, breaker.ParentSpanId);
        var upstreamCall = Assert.Single(trace, s => s.Kind == ActivityKind.Client && s.Source.Name == "System.Net.Http");
        Assert.Equal(breaker.SpanId, upstreamCall.ParentSpanId);

        // The upstream saw the same trace, as a child of the gateway's one HttpClient span: one propagation path.
        var seen = Assert.Single(host.Simulator.Requests);
        Assert.Equal($"00-{traceId}-{upstreamCall.SpanId}-01", seen.TraceParent);

        // The signature the gateway sent is in no span.
        var signature = SignatureOf(seen.Authorization);
        Assert.DoesNotContain(trace.SelectMany(s => s.TagObjects), t => t.Value?.ToString()?.Contains(signature, StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Prepay_UpstreamSignatureTampered_VerifySpanSaysWhyAndServerSpanCarriesTheErrorCode()
    {
        var spans = new SpanCapture();
        await using var host = await GatewayTestHost.StartAsync(configureGateway: spans.AttachTo);
        host.Simulator.Faults.Current = new FaultSettings { SignatureFault = SignatureFault.Tamper };
        var (traceId, parentSpanId, traceparent) = NewTraceparent();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v3/pay/transactions/jsapi")
        {
            Content = Payloads.Json(Payloads.JsapiPrepay(host.Keys.MchId, Payloads.NewOutTradeNo())),
        };
        request.Headers.Add("traceparent", traceparent);
        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var trace = await spans.WaitForGatewayAsync(traceId, parentSpanId, GatewaySpans.Verify);
        var verify = Assert.Single(trace, s => s.OperationName == GatewaySpans.Verify);
        Assert.Equal(WeChatPayTelemetry.ResultInvalid, verify.GetTagItem(GatewayTags.VerificationResult));
        Assert.Equal("SignatureMismatch", verify.GetTagItem(GatewayTags.Reason));
        Assert.Equal(ActivityStatusCode.Error, verify.Status);
        var server = Assert.Single(trace, s => s.Kind == ActivityKind.Server && s.ParentSpanId == parentSpanId);
        Assert.Equal(GatewayErrorCodes.UpstreamSignatureInvalid, server.GetTagItem(GatewayTags.ErrorCode));
        Assert.Equal(200, server.GetTagItem(GatewayTags.UpstreamStatus));
    }

    [Fact]
    public async Task MalformedJson_PrepareSpanEndsWithTheErrorCodeAndNothingIsForwarded()
    {
        var spans = new SpanCapture();
        await using var host = await GatewayTestHost.StartAsync(configureGateway: spans.AttachTo);
        var (traceId, parentSpanId, traceparent) = NewTraceparent();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v3/pay/transactions/jsapi") { Content = Payloads.Json("{\"mchid\": ") };
        request.Headers.Add("traceparent", traceparent);
        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var trace = await spans.WaitForGatewayAsync(traceId, parentSpanId, GatewaySpans.Prepare);
        var prepare = Assert.Single(trace, s => s.OperationName == GatewaySpans.Prepare);
        Assert.Equal(ActivityStatusCode.Error, prepare.Status);
        Assert.Equal(GatewayErrorCodes.InvalidRequest, prepare.GetTagItem(GatewayTags.ErrorCode));
        Assert.DoesNotContain(trace, s => s.OperationName == GatewaySpans.Sign);
        Assert.Empty(host.Simulator.Requests);
    }

    [Fact]
    public async Task TracingDisabled_NoSpansButTheTraceIdStillReachesUpstreamAndTheLog()
    {
        var spans = new SpanCapture();
        await using var host = await GatewayTestHost.StartAsync(new Dictionary<string, string?> { ["EdgeGateway:Telemetry:TracingEnabled"] = "false" },
            configureGateway: spans.AttachTo);
        var (traceId, _, traceparent) = NewTraceparent();

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v3/pay/transactions/out-trade-no/NOSUCHORDER1?mchid={host.Keys.MchId}");
        request.Headers.Add("traceparent", traceparent);
        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.StartsWith($"00-{traceId}-", host.Simulator.Requests.Single().TraceParent, StringComparison.Ordinal);
        await host.App.StopAsync(); // the request line is written as the exchange ends, which may be after the client has its answer
        var line = Assert.Single(host.Logs.Entries, e => e.EventId.Id == 1100);
        Assert.Equal(traceId.ToHexString(), line.Properties["TraceId"]);
        Assert.Equal(GatewayTestHost.DefaultCallerName, line.Properties["Caller"]);
        Assert.Empty(spans.InTrace(traceId));
    }

    internal static (ActivityTraceId TraceId, ActivitySpanId SpanId, string Header) NewTraceparent()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var spanId = ActivitySpanId.CreateRandom();
        return (traceId, spanId, $"00-{traceId}-{spanId}-01");
    }

    private static string SignatureOf(string? authorization)
    {
        Assert.True(Transforms.WeChatPay.AuthorizationHeader.TryParse(authorization, out var parsed, out _));
        return parsed!.Signature;
    }
}
