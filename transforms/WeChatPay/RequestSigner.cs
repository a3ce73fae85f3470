namespace EdgeGateway.Transforms.WeChatPay;

/// <summary>
/// Signs merchant requests (PROTOCOL.md §1): builds the message with <see cref="SignatureMessage.ForRequest"/>,
/// signs it with the merchant private key and returns the Authorization header. Time and nonces are
/// injected so that the result is reproducible in tests.
/// </summary>
public sealed class RequestSigner(TimeProvider timeProvider, INonceSource nonceSource)
{
    /// <summary>A signer on the system clock and a random nonce.</summary>
    public static RequestSigner Default { get; } = new(TimeProvider.System, RandomNonceSource.Instance);

    /// <summary>
    /// Signs one request. <paramref name="canonicalUrl"/> must be the path and query written on the wire
    /// and <paramref name="body"/> the exact bytes sent (empty for GET).
    /// </summary>
    public AuthorizationHeader Sign(MerchantCredentials merchant, string method, string canonicalUrl, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(merchant);
        var timestamp = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var nonce = nonceSource.Next();
        var message = SignatureMessage.ForRequest(method, canonicalUrl, timestamp, nonce, body);
        var signature = Rsa2048Signature.Sign(merchant.PrivateKey, message);
        return new AuthorizationHeader(merchant.MchId, nonce, timestamp, merchant.CertificateSerial, signature);
    }
}
