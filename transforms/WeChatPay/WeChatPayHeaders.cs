namespace EdgeGateway.Transforms.WeChatPay;

/// <summary>Header names of WeChat Pay v3 (PROTOCOL.md §2.1).</summary>
public static class WeChatPayHeaders
{
    public const string Timestamp = "Wechatpay-Timestamp";
    public const string Nonce = "Wechatpay-Nonce";
    public const string Signature = "Wechatpay-Signature";
    public const string Serial = "Wechatpay-Serial";
    public const string SignatureType = "Wechatpay-Signature-Type";
    public const string RequestId = "Request-ID";

    /// <summary>Prefix every WeChat Pay header shares; callers may never set these themselves.</summary>
    public const string Prefix = "Wechatpay-";

    /// <summary>Signatures beginning with this are WeChat Pay's probes (§2.6): they must fail verification.</summary>
    public const string ProbePrefix = "WECHATPAY/SIGNTEST/";
}
