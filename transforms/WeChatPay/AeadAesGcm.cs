using System.Security.Cryptography;
using System.Text;

namespace EdgeGateway.Transforms.WeChatPay;

/// <summary>
/// AEAD_AES_256_GCM as WeChat Pay uses it for certificates and callback resources (PROTOCOL.md §3.2,
/// RFC 5116): key = APIv3 key bytes, nonce = the 12 ASCII bytes of <c>nonce</c>, AAD = the bytes of
/// <c>associated_data</c> (may be empty), <c>ciphertext</c> = Base64(ciphertext ‖ 16-byte tag).
/// </summary>
public static class AeadAesGcm
{
    public const string AlgorithmName = "AEAD_AES_256_GCM";
    public const int NonceLength = 12;
    public const int TagLength = 16;

    /// <summary>Decrypts to UTF-8 text; failures (bad Base64, wrong nonce length, wrong key or tampering) are values.</summary>
    public static bool TryDecrypt(ApiV3Key key, string? nonce, string? associatedData, string? ciphertext, out string? plaintext, out string? error)
    {
        ArgumentNullException.ThrowIfNull(key);
        plaintext = null;
        if (nonce is null || Encoding.UTF8.GetByteCount(nonce) != NonceLength)
        {
            error = $"the nonce must be {NonceLength} bytes";
            return false;
        }

        if (string.IsNullOrEmpty(ciphertext))
        {
            error = "the ciphertext is empty";
            return false;
        }

        byte[] sealedBytes;
        try
        {
            sealedBytes = Convert.FromBase64String(ciphertext);
        }
        catch (FormatException)
        {
            error = "the ciphertext is not valid Base64";
            return false;
        }

        if (sealedBytes.Length < TagLength)
        {
            error = $"the ciphertext is shorter than the {TagLength}-byte tag";
            return false;
        }

        var cipherLength = sealedBytes.Length - TagLength;
        var output = new byte[cipherLength];
        try
        {
            using var aes = new AesGcm(key.Bytes, TagLength);
            aes.Decrypt(
                Encoding.UTF8.GetBytes(nonce),
                sealedBytes.AsSpan(0, cipherLength),
                sealedBytes.AsSpan(cipherLength),
                output,
                Encoding.UTF8.GetBytes(associatedData ?? string.Empty));
        }
        catch (AuthenticationTagMismatchException)
        {
            error = "the authentication tag does not match (wrong APIv3 key, or the data was altered)";
            return false;
        }

        try
        {
            plaintext = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(output);
        }
        catch (DecoderFallbackException)
        {
            error = "the plaintext is not UTF-8";
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>Encrypts UTF-8 text the same way (used by the simulator and tests).</summary>
    public static string Encrypt(ApiV3Key key, string nonce, string associatedData, string plaintext)
    {
        ArgumentNullException.ThrowIfNull(key);
        var nonceBytes = Encoding.UTF8.GetBytes(nonce);
        if (nonceBytes.Length != NonceLength)
        {
            throw new ArgumentException($"The nonce must be {NonceLength} bytes.", nameof(nonce));
        }

        var plain = Encoding.UTF8.GetBytes(plaintext);
        var sealedBytes = new byte[plain.Length + TagLength];
        using var aes = new AesGcm(key.Bytes, TagLength);
        aes.Encrypt(nonceBytes, plain, sealedBytes.AsSpan(0, plain.Length), sealedBytes.AsSpan(plain.Length), Encoding.UTF8.GetBytes(associatedData));
        return Convert.ToBase64String(sealedBytes);
    }
}
