namespace EdgeGateway.Callbacks;

/// <summary>Counts for the operator view: queued (not yet taken), in delivery, waiting to retry, dead-lettered.</summary>
internal sealed record CallbackStoreStats(string Store, long Queued, long InDelivery, long ScheduledRetries, long DeadLetters);
