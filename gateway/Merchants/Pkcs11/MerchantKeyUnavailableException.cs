using System.Security.Cryptography;

namespace EdgeGateway.Merchants.Pkcs11;

/// <summary>
/// The merchant's key is in a token the gateway cannot reach now (removed, its sessions lost and not yet
/// reopened). A <see cref="CryptographicException"/> so that code written for in-process keys treats it as a
/// failed signature; the gateway answers <c>503 MERCHANT_KEY_UNAVAILABLE</c>. The message never holds a PIN.
/// </summary>
public sealed class MerchantKeyUnavailableException(string message, Exception? inner = null) : CryptographicException(message, inner);
