namespace EdgeGateway.Proxy;

/// <summary>
/// A request refused by preparation, before quotas, the duplicate-payment guard or signing saw it: the status and
/// code of the gateway's error, a reason for metrics and logs, the field (a name or JSON Pointer) when one is to
/// blame, and the caller's message.
/// </summary>
internal sealed record BodyRefusal(int Status, string Code, string Reason, string? Field, string Message);
