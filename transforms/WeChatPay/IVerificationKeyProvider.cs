using System.Diagnostics.CodeAnalysis;

namespace EdgeGateway.Transforms.WeChatPay;

/// <summary>Finds the WeChat Pay key that signed a message, by its <c>Wechatpay-Serial</c>.</summary>
public interface IVerificationKeyProvider
{
    /// <summary>
    /// Returns the platform certificate key or WeChat Pay public key named by <paramref name="serial"/>
    /// (a certificate serial in hex, or <c>PUB_KEY_ID_…</c>).
    /// </summary>
    bool TryGetKey(string serial, [NotNullWhen(true)] out VerificationKey? key);
}
