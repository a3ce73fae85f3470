namespace EdgeGateway.Transforms.WeChatPay;

/// <summary>Why a response or callback did not verify. The names are stable: they label metrics.</summary>
public enum VerificationFailure
{
    None = 0,

    /// <summary>One of Wechatpay-Timestamp, -Nonce, -Signature or -Serial is absent or empty.</summary>
    MissingHeader,

    /// <summary>Wechatpay-Signature-Type names an algorithm other than WECHATPAY2-SHA256-RSA2048.</summary>
    UnsupportedSignatureType,

    /// <summary>Wechatpay-Timestamp is not Unix seconds.</summary>
    MalformedTimestamp,

    /// <summary>The timestamp is the allowed skew (5 minutes) or more in the past.</summary>
    StaleTimestamp,

    /// <summary>The timestamp is the allowed skew (5 minutes) or more in the future.</summary>
    FutureTimestamp,

    /// <summary>No platform certificate or public key with this Wechatpay-Serial is held.</summary>
    UnknownSerial,

    /// <summary>The certificate named by Wechatpay-Serial is held but outside its validity period.</summary>
    ExpiredKey,

    /// <summary>A WECHATPAY/SIGNTEST/ probe (§2.6): fails exactly like a bad signature.</summary>
    SignatureProbe,

    /// <summary>Wechatpay-Signature is not valid Base64 or has the wrong length.</summary>
    MalformedSignature,

    /// <summary>The signature does not match the message under the selected key.</summary>
    SignatureMismatch,
}
