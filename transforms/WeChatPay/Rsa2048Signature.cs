using System.Security.Cryptography;

namespace EdgeGateway.Transforms.WeChatPay;

/// <summary>
/// SHA256withRSA (RSASSA-PKCS1-v1_5 over SHA-256) with standard Base64, the only algorithm of
/// <c>WECHATPAY2-SHA256-RSA2048</c> (PROTOCOL.md §1.2). PKCS#1 v1.5 is deterministic, so the SDKs'
/// known-answer vectors can be reproduced byte for byte.
/// </summary>
public static class Rsa2048Signature
{
    /// <summary>The scheme suffix used in the Authorization header and <c>Wechatpay-Signature-Type</c>.</summary>
    public const string SchemeName = "WECHATPAY2-SHA256-RSA2048";

    /// <summary>Signs <paramref name="message"/> with the private key and returns standard Base64.</summary>
    public static string Sign(RSA privateKey, ReadOnlySpan<byte> message)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        Span<byte> signature = stackalloc byte[privateKey.KeySize / 8];
        if (!privateKey.TrySignData(message, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1, out var written))
        {
            throw new CryptographicException("The RSA signature did not fit its buffer; the key size is not what it claims.");
        }

        return Convert.ToBase64String(signature[..written]);
    }

    /// <summary>Verifies a raw (already Base64-decoded) signature.</summary>
    public static bool Verify(RSA publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        return publicKey.VerifyData(message, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }
}
