namespace EdgeGateway.Quotas;

/// <summary>The result of <see cref="QuotaEnforcer.DecideAsync"/>: the decision and the windows it was made against.</summary>
internal sealed record QuotaOutcome(QuotaOutcomeKind Kind, QuotaDecision? Decision, GcraWindow[] Windows, int RetryAfterSeconds = 0);
