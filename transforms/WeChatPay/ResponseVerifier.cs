using System.Buffers;
using System.Buffers.Text;
using System.Globalization;

namespace EdgeGateway.Transforms.WeChatPay;

/// <summary>
/// Verifies the signature of a WeChat Pay response or callback (PROTOCOL.md §2): the message is
/// <c>ts\nnonce\nbody\n</c> over the raw body, the key is chosen by <c>Wechatpay-Serial</c>, and the
/// timestamp must lie less than <see cref="MaxClockSkew"/> from now on either side (§2.3). <c>WECHATPAY/SIGNTEST/</c>
/// probes fail like any bad signature (§2.6). Every outcome is a <see cref="VerificationResult"/>.
/// </summary>
public sealed class ResponseVerifier(TimeProvider timeProvider)
{
    /// <summary>
    /// WeChat Pay's recommended window, read strictly: a timestamp is fresh only when |now − ts| &lt; 5 minutes, so one
    /// exactly 300 s old (or 300 s ahead) is refused. This is what the official Go SDK (<c>|now−ts| &gt;= FiveMinute</c>)
    /// and the Java response validators (<c>toMinutes() &gt;= 5</c>) do; the same rule applies in the past and the future.
    /// Both sides are whole Unix seconds, as in the SDKs.
    /// </summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    public VerificationResult Verify(in SignedMessageHeaders headers, ReadOnlySpan<byte> body, IVerificationKeyProvider keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (string.IsNullOrEmpty(headers.Timestamp) || string.IsNullOrEmpty(headers.Nonce)
            || string.IsNullOrEmpty(headers.Signature) || string.IsNullOrEmpty(headers.Serial))
        {
            return VerificationResult.Failed(VerificationFailure.MissingHeader, headers.Serial);
        }

        // Absent means the default algorithm (JAVA RequestParam, GO notify.go).
        if (!string.IsNullOrEmpty(headers.SignatureType)
            && !string.Equals(headers.SignatureType, Rsa2048Signature.SchemeName, StringComparison.Ordinal))
        {
            return VerificationResult.Failed(VerificationFailure.UnsupportedSignatureType, headers.Serial);
        }

        if (!long.TryParse(headers.Timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp)
            || headers.Timestamp.Length > 12)
        {
            return VerificationResult.Failed(VerificationFailure.MalformedTimestamp, headers.Serial);
        }

        var now = timeProvider.GetUtcNow();
        var skew = now.ToUnixTimeSeconds() - timestamp;
        if (skew >= MaxClockSkew.TotalSeconds)
        {
            return VerificationResult.Failed(VerificationFailure.StaleTimestamp, headers.Serial);
        }

        if (-skew >= MaxClockSkew.TotalSeconds)
        {
            return VerificationResult.Failed(VerificationFailure.FutureTimestamp, headers.Serial);
        }

        if (!keys.TryGetKey(headers.Serial, out var key))
        {
            return VerificationResult.Failed(VerificationFailure.UnknownSerial, headers.Serial);
        }

        if (!key.IsValidAt(now))
        {
            return VerificationResult.Failed(VerificationFailure.ExpiredKey, key.Serial);
        }

        if (headers.Signature.StartsWith(WeChatPayHeaders.ProbePrefix, StringComparison.Ordinal))
        {
            return VerificationResult.Failed(VerificationFailure.SignatureProbe, key.Serial);
        }

        var maxBytes = Base64.GetMaxDecodedFromUtf8Length(headers.Signature.Length);
        var rented = ArrayPool<byte>.Shared.Rent(maxBytes);
        try
        {
            if (!Convert.TryFromBase64String(headers.Signature, rented, out var written) || written != key.PublicKey.KeySize / 8)
            {
                return VerificationResult.Failed(VerificationFailure.MalformedSignature, key.Serial);
            }

            var message = SignatureMessage.ForResponse(headers.Timestamp, headers.Nonce, body);
            return Rsa2048Signature.Verify(key.PublicKey, message, rented.AsSpan(0, written))
                ? VerificationResult.Success(key.Serial)
                : VerificationResult.Failed(VerificationFailure.SignatureMismatch, key.Serial);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
