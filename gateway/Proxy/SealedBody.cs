namespace EdgeGateway.Proxy;

/// <summary>
/// What <see cref="SensitiveFieldSealing"/> decided: the body to forward and sign, the serial to advertise in
/// Wechatpay-Serial, and how many fields the gateway encrypted (0 when the caller did); or a refusal.
/// </summary>
internal sealed record SealedBody(byte[] Body, string? Serial, int Encrypted, BodyRefusal? Refusal);
