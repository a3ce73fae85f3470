namespace EdgeGateway.Transforms.WeChatPay;

/// <summary>
/// The signature headers of a WeChat Pay response or callback, as received. Any of them may be missing;
/// the verifier reports which.
/// </summary>
public readonly record struct SignedMessageHeaders(
    string? Timestamp,
    string? Nonce,
    string? Signature,
    string? Serial,
    string? SignatureType = null)
{
    /// <summary>Reads the headers through a lookup (for example an HTTP header collection).</summary>
    public static SignedMessageHeaders From(Func<string, string?> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return new SignedMessageHeaders(
            header(WeChatPayHeaders.Timestamp),
            header(WeChatPayHeaders.Nonce),
            header(WeChatPayHeaders.Signature),
            header(WeChatPayHeaders.Serial),
            header(WeChatPayHeaders.SignatureType));
    }

    /// <summary>True when the message carries at least one signature header.</summary>
    public bool AnyPresent => Timestamp is not null || Nonce is not null || Signature is not null || Serial is not null;
}
