using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Net.Pkcs11Interop.Common;

namespace EdgeGateway.Merchants.Pkcs11;

/// <summary>
/// PKCS#11 login is per process and token: once one pool has logged in, <c>C_Login</c> answers
/// <c>CKR_USER_ALREADY_LOGGED_IN</c> to any PIN, right or wrong. So the process remembers a salted hash of the PIN
/// that did log in to each token, and a second login with another PIN is refused as the token would have refused it.
/// </summary>
internal static class Pkcs11Logins
{
    private static readonly byte[] Salt = RandomNumberGenerator.GetBytes(32);
    private static readonly ConcurrentDictionary<string, byte[]> Verified = new(StringComparer.Ordinal);

    /// <summary>Remembers that <paramref name="pin"/> logged in to <paramref name="token"/>.</summary>
    public static void Succeeded(string token, string pin) => Verified[token] = Hash(pin);

    /// <summary>After CKR_USER_ALREADY_LOGGED_IN: throws CKR_PIN_INCORRECT when another PIN is the one that logged in.</summary>
    public static void AlreadyLoggedIn(string token, string pin)
    {
        if (Verified.TryGetValue(token, out var hash) && !CryptographicOperations.FixedTimeEquals(hash, Hash(pin)))
        {
            throw new Pkcs11Exception("C_Login", CKR.CKR_PIN_INCORRECT);
        }
    }

    private static byte[] Hash(string pin) => HMACSHA256.HashData(Salt, Encoding.UTF8.GetBytes(pin));
}
