using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.Simulator.Auth;

/// <summary>
/// Checks a merchant request the way WeChat Pay does (PROTOCOL.md §1): a parsable Authorization header,
/// a known merchant and certificate serial, a timestamp within the allowed skew, a nonce not used before,
/// Accept and User-Agent present, and a SHA256withRSA signature over the request target as received and
/// the raw body (the <c>meta</c> part for uploads).
/// </summary>
internal sealed class RequestAuthenticator(SimulatorOptions options, NonceCache nonces)
{
    /// <param name="signedBody">The raw body, or the <c>meta</c> part of an upload.</param>
    /// <param name="uploadError">Why an upload's multipart body could not be read, if it could not.</param>
    public AuthenticationOutcome Authenticate(string method, string rawTarget, IReadOnlyDictionary<string, string?> headers, byte[] signedBody, string? uploadError)
    {
        if (string.IsNullOrEmpty(headers.GetValueOrDefault("Accept")) || string.IsNullOrEmpty(headers.GetValueOrDefault("User-Agent")))
        {
            return AuthenticationOutcome.Fail(400, "INVALID_REQUEST", "Http头缺少Accept或User-Agent");
        }

        if (!AuthorizationHeader.TryParse(headers.GetValueOrDefault("Authorization"), out var authorization, out var error))
        {
            return AuthenticationOutcome.Fail(401, "SIGN_ERROR", "Authorization header invalid: " + error);
        }

        var merchant = options.Merchants.FirstOrDefault(m => m.MchId == authorization!.MchId);
        if (merchant is null)
        {
            return AuthenticationOutcome.Fail(401, "SIGN_ERROR", $"merchant {authorization!.MchId} is not registered");
        }

        if (!string.Equals(merchant.CertificateSerial, authorization!.SerialNo, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticationOutcome.Fail(401, "SIGN_ERROR", "serial_no does not name this merchant's API certificate");
        }

        var skew = Math.Abs(options.TimeProvider.GetUtcNow().ToUnixTimeSeconds() - authorization.Timestamp);
        if (skew >= options.MaxClockSkew.TotalSeconds) // the gateway's own rule (ResponseVerifier.MaxClockSkew): exactly 5 minutes is outside
        {
            return AuthenticationOutcome.Fail(401, "SIGN_ERROR", "timestamp is outside the allowed window");
        }

        if (uploadError is not null)
        {
            return AuthenticationOutcome.Fail(400, "PARAM_ERROR", uploadError);
        }

        var message = SignatureMessage.ForRequest(method, rawTarget, authorization.Timestamp, authorization.NonceStr, signedBody);
        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(authorization.Signature);
        }
        catch (FormatException)
        {
            return AuthenticationOutcome.Fail(401, "SIGN_ERROR", "signature is not Base64");
        }

        if (!Rsa2048Signature.Verify(merchant.PublicKey, message, signature))
        {
            return AuthenticationOutcome.Fail(401, "SIGN_ERROR", "签名错误，请检查后再试 (sign not match)");
        }

        // Only a verified nonce counts as used, so a forged request cannot burn a real one.
        if (!nonces.TryUse(merchant.MchId, authorization.NonceStr))
        {
            return AuthenticationOutcome.Fail(401, "SIGN_ERROR", "nonce_str has been used before");
        }

        return AuthenticationOutcome.Success(merchant, authorization);
    }
}

internal sealed record AuthenticationOutcome(SimulatedMerchant? Merchant, AuthorizationHeader? Authorization, int Status, string? Code, string? Message)
{
    public bool Succeeded => Merchant is not null;

    public static AuthenticationOutcome Success(SimulatedMerchant merchant, AuthorizationHeader authorization) =>
        new(merchant, authorization, 200, null, null);

    public static AuthenticationOutcome Fail(int status, string code, string message) => new(null, null, status, code, message);
}
