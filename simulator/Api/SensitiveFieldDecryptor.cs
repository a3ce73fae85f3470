using System.Security.Cryptography;
using EdgeGateway.Simulator.Keys;
using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.Simulator.Api;

/// <summary>
/// Decrypts sensitive request fields as WeChat Pay does (PROTOCOL.md §5): the request's Wechatpay-Serial names the
/// platform certificate or public key whose private half decrypts; OAEP with SHA-1. Anything else (no serial, an
/// unknown one, a ciphertext that does not decrypt, plaintext sent as is) is null, which the API answers PARAM_ERROR.
/// </summary>
internal sealed class SensitiveFieldDecryptor(PlatformKeyRing keys)
{
    public string? Decrypt(string? serial, string? ciphertext)
    {
        if (serial is null || ciphertext is null || PrivateKey(serial) is not { } key)
        {
            return null;
        }

        return OaepEncryptor.TryDecrypt(key, ciphertext, out var plaintext) ? plaintext : null;
    }

    private RSA? PrivateKey(string serial) =>
        keys.PublicKey is { } publicKey && string.Equals(publicKey.PublicKeyId, serial, StringComparison.Ordinal)
            ? publicKey.PrivateKey
            : keys.Certificates.FirstOrDefault(c => string.Equals(c.Serial, serial, StringComparison.OrdinalIgnoreCase))?.PrivateKey;
}
