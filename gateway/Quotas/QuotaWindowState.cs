namespace EdgeGateway.Quotas;

/// <summary>The state of one window after a decision.</summary>
/// <param name="Remaining">Requests this window would still admit right now.</param>
/// <param name="ResetMs">Milliseconds until the window is full again.</param>
internal readonly record struct QuotaWindowState(long Remaining, long ResetMs);
