namespace EdgeGateway.Quotas;

/// <summary>
/// The answer of a quota store. When <see cref="Allowed"/> is false nothing was consumed, and
/// <see cref="RetryAfterMs"/> says when every window would admit one request.
/// </summary>
internal sealed record QuotaDecision(bool Allowed, long RetryAfterMs, QuotaWindowState[] Windows);
