using EdgeGateway.Transforms.Yarp;

namespace EdgeGateway.Telemetry;

/// <summary>
/// Names of the gateway's own spans, one per policy step, each a child of the ASP.NET Core server span of
/// the request (or, for callbacks, of the ingress span). Steps start theirs through
/// <see cref="GatewayTelemetry.ActivitySource"/>; signing and verification come from the WeChat Pay
/// transforms' own source (<see cref="WeChatPayTelemetry.ActivitySourceName"/>). A step that refuses a
/// request sets the span status to Error with the gateway error code as description.
/// </summary>
public static class GatewaySpans
{
    /// <summary>Path check, bounded body buffering, JSON check, merchant lookup.</summary>
    public const string Prepare = "edgegateway.prepare";

    /// <summary>Who is calling (API key / mTLS) and may it use this route and mchid.</summary>
    public const string IdentifyCaller = "edgegateway.caller";

    /// <summary>The route's local rate limit.</summary>
    public const string RateLimit = "edgegateway.rate_limit";

    /// <summary>The per-caller / per-user quota in Redis.</summary>
    public const string Quota = "edgegateway.quota";

    /// <summary>The duplicate-payment guard on (mchid, out_trade_no | out_refund_no).</summary>
    public const string DuplicateGuard = "edgegateway.duplicate_guard";

    /// <summary>The circuit breaker's decision for the route.</summary>
    public const string CircuitBreaker = "edgegateway.circuit_breaker";

    /// <summary>Signing the request (from the transforms' source).</summary>
    public const string Sign = WeChatPayTelemetry.SignSpan;

    /// <summary>Reading and verifying WeChat Pay's answer (from the transforms' source).</summary>
    public const string Verify = WeChatPayTelemetry.VerifySpan;

    /// <summary>A WeChat Pay callback arriving at <c>/notify/{name}</c>: verify, decrypt, store.</summary>
    public const string CallbackIngress = "edgegateway.callback.ingress";

    /// <summary>One delivery attempt of a stored callback to the internal receiver.</summary>
    public const string CallbackDelivery = "edgegateway.callback.delivery";

    /// <summary>A platform certificate download / refresh.</summary>
    public const string CertificateRefresh = "edgegateway.certificates.refresh";
}
