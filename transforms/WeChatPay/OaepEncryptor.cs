using System.Security.Cryptography;
using System.Text;

namespace EdgeGateway.Transforms.WeChatPay;

/// <summary>
/// Sensitive-field encryption (PROTOCOL.md §5): RSAES-OAEP with SHA-1 and MGF1-SHA-1 — not SHA-256 —
/// under the platform certificate or WeChat Pay public key, Base64 output. The request must then carry
/// <c>Wechatpay-Serial</c> naming the key used.
/// </summary>
public static class OaepEncryptor
{
    /// <summary>The longest plaintext a 2048-bit key takes with OAEP-SHA-1: 256 − 2·20 − 2.</summary>
    public const int MaxPlaintextBytes2048 = 214;

    public static string Encrypt(RSA publicKey, string plaintext)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        ArgumentNullException.ThrowIfNull(plaintext);
        var bytes = Encoding.UTF8.GetBytes(plaintext);
        var max = publicKey.KeySize / 8 - 2 * 20 - 2;
        if (bytes.Length > max)
        {
            throw new ArgumentException($"The plaintext is {bytes.Length} bytes; OAEP-SHA1 with this key takes at most {max}.", nameof(plaintext));
        }

        return Convert.ToBase64String(publicKey.Encrypt(bytes, RSAEncryptionPadding.OaepSHA1));
    }

    /// <summary>Decrypts a field WeChat Pay encrypted for the merchant (with the merchant private key).</summary>
    public static bool TryDecrypt(RSA privateKey, string ciphertext, out string? plaintext)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        plaintext = null;
        try
        {
            plaintext = Encoding.UTF8.GetString(privateKey.Decrypt(Convert.FromBase64String(ciphertext), RSAEncryptionPadding.OaepSHA1));
            return true;
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            return false;
        }
    }
}
