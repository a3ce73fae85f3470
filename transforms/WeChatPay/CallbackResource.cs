namespace EdgeGateway.Transforms.WeChatPay;

/// <summary>The encrypted <c>resource</c> of a callback (PROTOCOL.md §4.1), as sent.</summary>
public sealed record CallbackResource(string Algorithm, string Ciphertext, string Nonce, string? AssociatedData, string? OriginalType);
