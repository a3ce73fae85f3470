namespace EdgeGateway.Transforms.WeChatPay;

/// <summary>
/// Verify, and when the message names a serial no held key matches, refresh the keys once and verify again
/// (PROTOCOL.md §2.5): the one place this happens, for WeChat Pay's answers and for its callbacks alike.
/// </summary>
public static class RefreshingVerification
{
    /// <param name="verifier">The verifier (its clock decides freshness).</param>
    /// <param name="headers">The message's Wechatpay-* headers.</param>
    /// <param name="body">The exact body bytes that were signed.</param>
    /// <param name="keys">The keys held now.</param>
    /// <param name="refresh">
    /// Refreshes the keys for an unknown serial and returns the provider to verify with again, or null when nothing
    /// new was learnt; it bounds its own wait. Null when the caller cannot refresh.
    /// </param>
    /// <param name="cancellationToken">Ends the wait for a refresh.</param>
    /// <returns>The verification result, and whether a refresh was asked for.</returns>
    public static async ValueTask<(VerificationResult Result, bool Refreshed)> VerifyAsync(this ResponseVerifier verifier, SignedMessageHeaders headers,
        ReadOnlyMemory<byte> body, IVerificationKeyProvider keys, Func<string, CancellationToken, ValueTask<IVerificationKeyProvider?>>? refresh,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        var result = verifier.Verify(headers, body.Span, keys);
        if (result.Failure != VerificationFailure.UnknownSerial || refresh is null || headers.Serial is not { } serial)
        {
            return (result, false);
        }

        var refreshed = await refresh(serial, cancellationToken);
        return (refreshed is null ? result : verifier.Verify(headers, body.Span, refreshed), true);
    }
}
