using EdgeGateway.Merchants;
using EdgeGateway.Transforms.WeChatPay;
using EdgeGateway.Transforms.Yarp;

namespace EdgeGateway.Proxy;

/// <summary>
/// Encrypts a route's sensitive request fields before the body is signed (PROTOCOL.md §5, §11.5): under the key
/// WeChat Pay currently publishes for the merchant (the public key id when one is held, else the newest valid platform
/// certificate: the same serial the request advertises in <c>Wechatpay-Serial</c>), so WeChat Pay knows which private
/// key decrypts. A caller that encrypted already says so by sending <c>Wechatpay-Serial</c>; its body passes unchanged
/// when the gateway trusts that key for the merchant, and is refused otherwise (WeChat Pay could not decrypt it, or
/// it is a key the caller should not be using). Failures name the field, never its value.
/// </summary>
internal static class SensitiveFieldSealing
{
    public static SealedBody Seal(IReadOnlyList<SensitiveFieldPath> fields, Merchant merchant, string? callerSerial, byte[] body, DateTimeOffset now)
    {
        if (callerSerial is not null)
        {
            return merchant.VerificationKeys.TryGetKey(callerSerial, out var trusted)
                ? new SealedBody(body, trusted.Serial, 0, null)
                : Refused(400, GatewayErrorCodes.InvalidRequest, "untrusted_serial", WeChatPayHeaders.Serial,
                    $"Wechatpay-Serial names a key this gateway does not hold for merchant {merchant.MchId}, so WeChat Pay's answer to it cannot be trusted. "
                    + "Send the sensitive fields in plaintext without Wechatpay-Serial (the gateway encrypts them), or encrypt them under one of: "
                    + string.Join(", ", merchant.VerificationKeys.Keys.Select(k => k.Serial).Order(StringComparer.Ordinal)) + ".");
        }

        if (body.Length == 0)
        {
            return new SealedBody(body, merchant.AdvertisedSerial(now), 0, null);
        }

        if (merchant.AdvertisedSerial(now) is not { } serial || !merchant.VerificationKeys.TryGetKey(serial, out var key))
        {
            return Refused(503, GatewayErrorCodes.DependencyUnavailable, "no_encryption_key", null,
                $"The gateway holds no current WeChat Pay key (platform certificate or public key) for merchant {merchant.MchId}, so it cannot encrypt this request's sensitive fields; try again once certificates are downloaded.");
        }

        var outcome = SensitiveFieldEncryptor.Encrypt(body, fields, key.PublicKey);
        if (outcome.Body is null)
        {
            return Refused(400, GatewayErrorCodes.InvalidRequest, outcome.Problem!, outcome.Field, outcome.Problem switch
            {
                "not_a_string" => $"{outcome.Field} is a sensitive field and must be a JSON string (the gateway encrypts it).",
                "too_long" => $"{outcome.Field} is longer than RSA-OAEP can encrypt ({OaepEncryptor.MaxPlaintextBytes2048} UTF-8 bytes with a 2048-bit key).",
                "not_an_array" => $"{outcome.Field} must be a JSON array; the route encrypts a field of each of its elements.",
                _ => "The request body is not JSON; its sensitive fields cannot be encrypted.",
            });
        }

        return new SealedBody(outcome.Body, key.Serial, outcome.Encrypted, null);
    }

    private static SealedBody Refused(int status, string code, string reason, string? field, string message) =>
        new([], null, 0, new BodyRefusal(status, code, reason, field, message));
}
