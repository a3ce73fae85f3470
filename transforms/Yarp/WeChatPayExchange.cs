using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.Transforms.Yarp;

/// <summary>
/// What the WeChat Pay transforms and the signer need to know about one request, fixed by the gateway before it is
/// forwarded and never changed after: which merchant signs, the exact bytes the signature covers, which keys verify
/// the answer. It rides in <c>HttpContext.Features</c> for the transforms and on the outgoing request's
/// <see cref="HttpRequestMessage.Options"/> for <see cref="WeChatPaySigningHandler"/>, which signs every attempt.
/// What came back is a separate value, <see cref="WeChatPayAnswer"/>.
/// </summary>
public sealed class WeChatPayExchange
{
    /// <summary>Where <see cref="WeChatPayRequestTransform"/> puts the exchange on the outgoing <see cref="HttpRequestMessage"/>.</summary>
    public static readonly HttpRequestOptionsKey<WeChatPayExchange> RequestOptionsKey = new("EdgeGateway.WeChatPayExchange");

    /// <summary>The merchant whose key signs this request.</summary>
    public required MerchantCredentials Merchant { get; init; }

    /// <summary>
    /// The bytes the signature covers: the forwarded body, or the <c>meta</c> JSON of a media upload
    /// (docs/PROTOCOL.md §1.5). Empty for requests without a body.
    /// </summary>
    public required ReadOnlyMemory<byte> SignedBody { get; init; }

    /// <summary>Keys that may have signed the answer, chosen by its Wechatpay-Serial.</summary>
    public required IVerificationKeyProvider VerificationKeys { get; init; }

    /// <summary>
    /// Called once when an answer names a serial no held key matches (for example during a platform
    /// certificate rotation): refreshes the keys and returns the provider to retry with, or null.
    /// </summary>
    public Func<string, CancellationToken, ValueTask<IVerificationKeyProvider?>>? RefreshKeys { get; init; }

    /// <summary>The serial to advertise in the request's Wechatpay-Serial header (docs/PROTOCOL.md §3.5), if any.</summary>
    public string? AdvertisedSerial { get; init; }
}
