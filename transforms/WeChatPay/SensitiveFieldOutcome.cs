namespace EdgeGateway.Transforms.WeChatPay;

/// <summary>
/// What <see cref="SensitiveFieldEncryptor"/> did: the rewritten body and how many fields it encrypted, or the field to
/// blame (<c>receivers[1].name</c>) and why (<c>not_a_string</c>, <c>not_an_array</c>, <c>too_long</c>). Never the value.
/// </summary>
public sealed record SensitiveFieldOutcome(byte[]? Body, int Encrypted, string? Field, string? Problem);
