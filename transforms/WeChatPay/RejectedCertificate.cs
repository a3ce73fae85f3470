namespace EdgeGateway.Transforms.WeChatPay;

/// <summary>A /v3/certificates entry that was not trusted, and why (for logs; never key material).</summary>
public sealed record RejectedCertificate(string? Serial, string Reason);
