using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.Transforms.Yarp;

/// <summary>
/// The per-request contract between the gateway and the WeChat Pay transforms, stored in
/// <c>HttpContext.Features</c>: the gateway fills the inputs before forwarding (which merchant signs,
/// the exact body bytes, which keys verify the answer); the transforms fill the outputs.
/// </summary>
public sealed class WeChatPayExchange
{
    /// <summary>
    /// Where the signing transform also puts the exchange on the outgoing <see cref="HttpRequestMessage"/>,
    /// so handlers below YARP (retries, failover) can re-sign an attempt with <see cref="WeChatPaySigningTransform.Sign"/>.
    /// </summary>
    public static readonly HttpRequestOptionsKey<WeChatPayExchange> RequestOptionsKey = new("EdgeGateway.WeChatPayExchange");

    /// <summary>The merchant whose key signs this request.</summary>
    public required MerchantCredentials Merchant { get; init; }

    /// <summary>
    /// The bytes the signature covers: the forwarded body, or the <c>meta</c> JSON of a media upload
    /// (PROTOCOL.md §1.5). Empty for requests without a body.
    /// </summary>
    public required ReadOnlyMemory<byte> SignedBody { get; init; }

    /// <summary>Keys that may have signed the answer, chosen by its Wechatpay-Serial.</summary>
    public required IVerificationKeyProvider VerificationKeys { get; init; }

    /// <summary>
    /// Called once when an answer names a serial no held key matches (for example during a platform
    /// certificate rotation): refreshes the keys and returns the provider to retry with, or null.
    /// </summary>
    public Func<string, CancellationToken, ValueTask<IVerificationKeyProvider?>>? RefreshKeys { get; init; }

    /// <summary>The serial to advertise in the request's Wechatpay-Serial header (PROTOCOL.md §3.5), if any.</summary>
    public string? AdvertisedSerial { get; init; }

    /// <summary>Output: the Authorization sent on the last attempt (the signature is never logged).</summary>
    public AuthorizationHeader? Authorization { get; set; }

    /// <summary>Output: the verification outcome of the answer, when it was checked.</summary>
    public VerificationResult? Verification { get; set; }

    /// <summary>Output: the status WeChat Pay answered with, before any replacement by the gateway.</summary>
    public int? UpstreamStatus { get; set; }

    /// <summary>Output: WeChat Pay's Request-ID header, for support cases.</summary>
    public string? UpstreamRequestId { get; set; }

    /// <summary>Output: how the answer passed to the caller was signed (null when the gateway answered in its place).</summary>
    public AnswerSignature? AnswerSignature { get; set; }

    /// <summary>Output: the verified answer's body, kept for idempotent replay and caching.</summary>
    public ReadOnlyMemory<byte>? VerifiedBody { get; set; }
}
