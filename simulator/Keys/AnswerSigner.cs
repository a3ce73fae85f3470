using System.Globalization;
using System.Security.Cryptography;
using EdgeGateway.Simulator.Faults;
using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.Simulator.Keys;

/// <summary>
/// Signs the simulator's answers and callbacks like WeChat Pay (PROTOCOL.md §2) and, on request, spoils
/// the signature in one of the ways of <see cref="SignatureFault"/>.
/// </summary>
public sealed class AnswerSigner(PlatformKeyRing keyRing, SimulatorOptions options)
{
    private static readonly Lazy<RSA> StrangerKey = new(() => RSA.Create(2048));

    /// <summary>
    /// Picks the signing key: in <see cref="AnswerSigningMode.Auto"/> the public key when the request named it
    /// in <c>Wechatpay-Serial</c> (or no certificate exists), else the newest platform certificate.
    /// </summary>
    public (RSA Key, string Serial) ChooseKey(string? requestedSerial)
    {
        var publicKey = keyRing.PublicKey;
        var certificate = keyRing.Current;
        var usePublicKey = options.SigningMode switch
        {
            AnswerSigningMode.PublicKey => true,
            AnswerSigningMode.Certificate => false,
            _ => certificate is null || (publicKey is not null && requestedSerial == publicKey.PublicKeyId),
        };

        if (usePublicKey && publicKey is not null)
        {
            return (publicKey.PrivateKey, publicKey.PublicKeyId);
        }

        if (certificate is null)
        {
            throw new InvalidOperationException("The simulator has neither a platform certificate nor a public key to sign with.");
        }

        return (certificate.PrivateKey, certificate.Serial);
    }

    /// <summary>The Wechatpay-* headers for <paramref name="body"/>, spoiled by <paramref name="fault"/>; null means omit them.</summary>
    public SignedMessageHeaders? Sign(ReadOnlySpan<byte> body, string? requestedSerial, SignatureFault fault)
    {
        var (key, serial) = ChooseKey(requestedSerial);
        var now = options.TimeProvider.GetUtcNow().ToUnixTimeSeconds();
        var timestamp = fault switch
        {
            SignatureFault.StaleTimestamp => now - 600,
            SignatureFault.FutureTimestamp => now + 600,
            _ => now,
        };
        var ts = timestamp.ToString(CultureInfo.InvariantCulture);
        var nonce = RandomNonceSource.Instance.Next();

        switch (fault)
        {
            case SignatureFault.Omit:
                return null;
            case SignatureFault.Probe:
                return new SignedMessageHeaders(ts, nonce, WeChatPayHeaders.ProbePrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                    serial, Rsa2048Signature.SchemeName);
            case SignatureFault.Tamper:
                var altered = body.ToArray().Append((byte)' ').ToArray();
                return ResponseSigner.Sign(key, serial, ts, nonce, altered);
            case SignatureFault.WrongKey:
                return ResponseSigner.Sign(StrangerKey.Value, serial, ts, nonce, body);
            case SignatureFault.UnknownSerial:
                return ResponseSigner.Sign(key, "7E57" + Convert.ToHexString(RandomNumberGenerator.GetBytes(18)), ts, nonce, body);
            default:
                return ResponseSigner.Sign(key, serial, ts, nonce, body);
        }
    }
}
