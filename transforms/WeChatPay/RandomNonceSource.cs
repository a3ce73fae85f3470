using System.Security.Cryptography;

namespace EdgeGateway.Transforms.WeChatPay;

/// <summary>
/// 32 characters from <c>[0-9A-Za-z]</c> drawn from a CSPRNG, as the official Go, Java and PHP SDKs do
/// (PROTOCOL.md §1.1): about 190 bits, so a repeat within WeChat Pay's replay window is not a concern.
/// </summary>
public sealed class RandomNonceSource : INonceSource
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const int Length = 32;

    /// <summary>A shared instance; the type holds no state.</summary>
    public static RandomNonceSource Instance { get; } = new();

    public string Next() => RandomNumberGenerator.GetString(Alphabet, Length);
}
