using EdgeGateway.Transforms.Yarp;

namespace EdgeGateway.Telemetry;

/// <summary>
/// Names of the attributes on the gateway's spans and the tags on its metrics: one vocabulary, so a
/// dashboard, an alert and a trace search all say <c>route</c>, <c>caller</c>, <c>mchid</c> the same way.
/// Short snake_case names (Prometheus turns them into labels as they are). Values never carry secrets or
/// personal data: no keys, signatures, Authorization values, bodies, openid, names or phone numbers.
/// Tags marked "span only" have unbounded values and must not label a metric.
/// </summary>
public static class GatewayTags
{
    /// <summary>The YARP route id (<c>pay-jsapi</c>, <c>refund-create</c>…), or <see cref="NoRoute"/>.</summary>
    public const string Route = "route";

    /// <summary>The identified caller's configured name (never its API key or certificate).</summary>
    public const string Caller = "caller";

    /// <summary>The final HTTP status the caller received.</summary>
    public const string Status = "status";

    /// <summary>The gateway's own error code (<c>UPSTREAM_TIMEOUT</c>, <c>RATE_LIMITED</c>…) when it produced the answer.</summary>
    public const string ErrorCode = "error_code";

    /// <summary>Who produced an error answer: <see cref="SourceGateway"/> or <see cref="SourceUpstream"/> (WeChat Pay's own, passed through).</summary>
    public const string ErrorSource = "error_source";

    /// <summary>The merchant the request is for (bounded by the configured merchants).</summary>
    public const string MchId = WeChatPayTelemetry.MchIdTag;

    /// <summary>The service provider (服务商) merchant that signs for a sub-merchant.</summary>
    public const string SpMchId = "sp_mchid";

    /// <summary>Span only: the merchant's order number.</summary>
    public const string OutTradeNo = "out_trade_no";

    /// <summary>Span only: the merchant's refund number.</summary>
    public const string OutRefundNo = "out_refund_no";

    /// <summary>Serial of the merchant API certificate that signed (public information).</summary>
    public const string MerchantSerial = WeChatPayTelemetry.MerchantSerialTag;

    /// <summary>The HTTP status WeChat Pay answered with, before any replacement by the gateway.</summary>
    public const string UpstreamStatus = WeChatPayTelemetry.UpstreamStatusTag;

    /// <summary>Span only: WeChat Pay's <c>Request-ID</c>, the reference its support asks for.</summary>
    public const string WeChatPayRequestId = WeChatPayTelemetry.RequestIdTag;

    /// <summary>The <c>Wechatpay-Serial</c> of a signed answer or callback: which platform key signed it.</summary>
    public const string WeChatPaySerial = WeChatPayTelemetry.WeChatPaySerialTag;

    /// <summary><c>valid</c>, <c>invalid</c> or <c>not_signed</c>.</summary>
    public const string VerificationResult = WeChatPayTelemetry.VerificationResultTag;

    /// <summary>Why something was refused or failed: a <c>VerificationFailure</c> name, a limiter's reason…</summary>
    public const string Reason = WeChatPayTelemetry.ReasonTag;

    /// <summary>What a signature check was about: <see cref="SourceResponse"/> or <see cref="SourceCallback"/>.</summary>
    public const string VerificationSource = "source";

    /// <summary>The policy applied by a step (rate-limit, quota, breaker, duplicate-guard policy name).</summary>
    public const string Policy = "policy";

    /// <summary>What a policy step decided: <c>allowed</c>, <c>rejected</c>, <c>failed_open</c>, <c>failed_closed</c>…</summary>
    public const string Decision = "decision";

    /// <summary>Circuit breaker state: <c>closed</c>, <c>open</c>, <c>half_open</c>, <c>isolated</c>.</summary>
    public const string BreakerState = "breaker_state";

    /// <summary>A callback's configured target name (<c>/notify/{name}</c>).</summary>
    public const string CallbackTarget = "callback_target";

    /// <summary>A callback's <c>event_type</c> (<c>TRANSACTION.SUCCESS</c>, <c>REFUND.SUCCESS</c>…).</summary>
    public const string EventType = "event_type";

    /// <summary>Span only: a callback's notification <c>id</c> (the dedupe key).</summary>
    public const string NotificationId = "notification_id";

    /// <summary>A delivery attempt number, 1 for the first.</summary>
    public const string Attempt = "attempt";

    /// <summary>Value of <see cref="Route"/> for a request no route matched.</summary>
    public const string NoRoute = "(none)";

    public const string SourceGateway = "gateway";
    public const string SourceUpstream = "upstream";
    public const string SourceResponse = "response";
    public const string SourceCallback = "callback";
}
