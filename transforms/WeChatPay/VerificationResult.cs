namespace EdgeGateway.Transforms.WeChatPay;

/// <summary>Outcome of verifying a response or callback: failures are values, not exceptions.</summary>
public readonly record struct VerificationResult(VerificationFailure Failure, string? Serial)
{
    public bool IsValid => Failure == VerificationFailure.None;

    public static VerificationResult Success(string serial) => new(VerificationFailure.None, serial);

    public static VerificationResult Failed(VerificationFailure failure, string? serial = null) => new(failure, serial);

    /// <summary>A sentence for logs and error details; names no key material.</summary>
    public string Describe() => Failure switch
    {
        VerificationFailure.None => "signature verified",
        VerificationFailure.MissingHeader => "a Wechatpay-Timestamp, -Nonce, -Signature or -Serial header is missing",
        VerificationFailure.UnsupportedSignatureType => "Wechatpay-Signature-Type is not WECHATPAY2-SHA256-RSA2048",
        VerificationFailure.MalformedTimestamp => "Wechatpay-Timestamp is not Unix time in seconds",
        VerificationFailure.StaleTimestamp => "Wechatpay-Timestamp is 5 minutes old or older",
        VerificationFailure.FutureTimestamp => "Wechatpay-Timestamp is 5 minutes or more in the future",
        VerificationFailure.UnknownSerial => $"no platform certificate or public key is held for Wechatpay-Serial {Serial}",
        VerificationFailure.ExpiredKey => $"the platform certificate {Serial} is outside its validity period",
        VerificationFailure.SignatureProbe => "the signature is a WECHATPAY/SIGNTEST probe",
        VerificationFailure.MalformedSignature => "Wechatpay-Signature is not valid Base64",
        VerificationFailure.SignatureMismatch => $"the signature does not match the body under key {Serial}",
        _ => Failure.ToString(),
    };
}
