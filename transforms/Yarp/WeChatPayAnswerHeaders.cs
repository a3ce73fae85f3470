using EdgeGateway.Transforms.WeChatPay;
using Microsoft.AspNetCore.Http;

namespace EdgeGateway.Transforms.Yarp;

/// <summary>
/// The allow-list of WeChat Pay's answer headers a caller receives: the content type, the Request-ID support asks
/// for, and the Wechatpay-* signature headers so a caller can verify the answer end to end. Anything else
/// WeChat Pay (or whatever sits in its place) sends — Set-Cookie, Location, Server, hop-by-hop and unknown headers —
/// never reaches a caller: the signature covers the body only, so no other header is vouched for. The gateway's own
/// headers (set on the response before or after the answer arrives) are not WeChat Pay's and stay.
/// </summary>
public static class WeChatPayAnswerHeaders
{
    /// <summary>On every answer from WeChat Pay: <see cref="Verified"/> or <see cref="Unsigned"/>.</summary>
    public const string SignatureHeader = "X-EdgeGateway-Signature";

    public const string Verified = "verified";

    public const string Unsigned = "unsigned";

    /// <summary>The only headers of WeChat Pay's answer that are passed on.</summary>
    public static readonly IReadOnlyList<string> Forwarded =
    [
        "Content-Type", WeChatPayHeaders.RequestId, WeChatPayHeaders.Timestamp, WeChatPayHeaders.Nonce, WeChatPayHeaders.Signature,
        WeChatPayHeaders.Serial, WeChatPayHeaders.SignatureType,
    ];

    /// <summary>Copies the allowed headers of <paramref name="upstream"/> onto <paramref name="response"/> and says how it was signed.</summary>
    public static void Apply(HttpResponseMessage upstream, HttpResponse response, AnswerSignature signature)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        ArgumentNullException.ThrowIfNull(response);
        foreach (var name in Forwarded)
        {
            if (upstream.Headers.TryGetValues(name, out var values) || upstream.Content.Headers.TryGetValues(name, out values))
            {
                response.Headers[name] = values.ToArray();
            }
        }

        response.Headers[SignatureHeader] = Value(signature);
    }

    public static string Value(AnswerSignature signature) => signature == AnswerSignature.Verified ? Verified : Unsigned;
}
