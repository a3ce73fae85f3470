namespace EdgeGateway.Quotas;

/// <summary>The state of one window after a decision.</summary>
/// <param name="Remaining">Requests this window would still admit right now.</param>
/// <param name="ResetMs">Milliseconds until the window is full again.</param>
public readonly record struct QuotaWindowState(long Remaining, long ResetMs);

/// <summary>
/// The answer of a quota store. When <see cref="Allowed"/> is false nothing was consumed, and
/// <see cref="RetryAfterMs"/> says when every window would admit one request.
/// </summary>
public sealed record QuotaDecision(bool Allowed, long RetryAfterMs, QuotaWindowState[] Windows);
