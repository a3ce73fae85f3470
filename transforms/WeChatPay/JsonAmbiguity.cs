namespace EdgeGateway.Transforms.WeChatPay;

/// <summary>
/// Why a JSON body could be read two ways (<see cref="StrictJson"/>): what, where (a JSON Pointer, RFC 6901; empty
/// for the whole body) and a message that tells the caller what to send instead.
/// </summary>
public sealed record JsonAmbiguity(JsonAmbiguityKind Kind, string? Pointer, string Message);
