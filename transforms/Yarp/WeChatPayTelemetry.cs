using System.Diagnostics;

namespace EdgeGateway.Transforms.Yarp;

/// <summary>
/// The spans of the WeChat Pay transforms: signing a request and verifying its answer. The library owns
/// its <see cref="ActivitySource"/> (as YARP and the BCL do) and the host decides whether to listen to it.
/// The names are part of the gateway's telemetry conventions (gateway/Telemetry/GatewayTags.cs) and
/// never carry key material, signatures or bodies.
/// </summary>
public static class WeChatPayTelemetry
{
    public const string ActivitySourceName = "EdgeGateway.WeChatPay";

    /// <summary>Span: the request is signed (Authorization computed over what goes on the wire).</summary>
    public const string SignSpan = "edgegateway.sign";

    /// <summary>Span: WeChat Pay's answer is read and its signature checked.</summary>
    public const string VerifySpan = "edgegateway.verify";

    /// <summary>The merchant whose key signs.</summary>
    public const string MchIdTag = "mchid";

    /// <summary>Serial of the merchant API certificate used to sign (public).</summary>
    public const string MerchantSerialTag = "merchant_serial";

    /// <summary>The HTTP status WeChat Pay answered with.</summary>
    public const string UpstreamStatusTag = "upstream_status";

    /// <summary>WeChat Pay's <c>Request-ID</c>, the reference its support asks for.</summary>
    public const string RequestIdTag = "wechatpay_request_id";

    /// <summary><c>Wechatpay-Serial</c> of the answer: the certificate or public key that signed it.</summary>
    public const string WeChatPaySerialTag = "wechatpay_serial";

    /// <summary><c>valid</c>, <c>invalid</c>, or <c>not_signed</c> (an error answer without signature headers).</summary>
    public const string VerificationResultTag = "verification_result";

    /// <summary>Why verification failed: a <see cref="WeChatPay.VerificationFailure"/> name.</summary>
    public const string ReasonTag = "reason";

    public const string ResultValid = "valid";
    public const string ResultInvalid = "invalid";
    public const string ResultNotSigned = "not_signed";

    public static readonly ActivitySource ActivitySource = new(ActivitySourceName, typeof(WeChatPayTelemetry).Assembly.GetName().Version?.ToString());
}
