using System.Globalization;
using System.Security.Cryptography;

namespace EdgeGateway.Transforms.WeChatPay;

/// <summary>
/// The counterpart of <see cref="ResponseVerifier"/>: signs a response or callback body the way WeChat
/// Pay does. Used by the simulator and by tests; the gateway itself never signs answers.
/// </summary>
public sealed class ResponseSigner(TimeProvider timeProvider, INonceSource nonceSource)
{
    /// <summary>Signs <paramref name="body"/> with the platform key named <paramref name="serial"/>.</summary>
    public SignedMessageHeaders Sign(RSA platformPrivateKey, string serial, ReadOnlySpan<byte> body)
    {
        var timestamp = timeProvider.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return Sign(platformPrivateKey, serial, timestamp, nonceSource.Next(), body);
    }

    /// <summary>Signs with an explicit timestamp and nonce (for stale-timestamp faults and vectors).</summary>
    public static SignedMessageHeaders Sign(RSA platformPrivateKey, string serial, string timestamp, string nonce, ReadOnlySpan<byte> body)
    {
        var message = SignatureMessage.ForResponse(timestamp, nonce, body);
        var signature = Rsa2048Signature.Sign(platformPrivateKey, message);
        return new SignedMessageHeaders(timestamp, nonce, signature, serial, Rsa2048Signature.SchemeName);
    }
}
