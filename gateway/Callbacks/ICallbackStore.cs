namespace EdgeGateway.Callbacks;

/// <summary>
/// Where callbacks live between ingress and delivery: a Redis Stream with a consumer group in production,
/// memory in the sandbox. An event is always in exactly one place: queued, taken (pending), waiting to
/// retry, or dead-lettered; every move between them is atomic. Failures of the store are exceptions here
/// (except at ingress, where they are the <see cref="AcceptOutcome.Unavailable"/> value).
/// </summary>
internal interface ICallbackStore
{
    /// <summary>Short name for the operator view: "redis" or "memory".</summary>
    string Kind { get; }

    /// <summary>Remembers the id for <paramref name="dedupeWindow"/> and queues the event, atomically; a known id is a duplicate.</summary>
    Task<AcceptOutcome> AcceptAsync(CallbackEvent callback, TimeSpan dedupeWindow);

    /// <summary>Takes up to <paramref name="count"/> queued events for <paramref name="consumer"/>.</summary>
    Task<IReadOnlyList<PendingCallback>> TakeNewAsync(string consumer, int count);

    /// <summary>Takes events another consumer took more than <paramref name="idle"/> ago and never finished (a crashed instance).</summary>
    Task<IReadOnlyList<PendingCallback>> ClaimOrphansAsync(string consumer, TimeSpan idle, int count);

    /// <summary>
    /// Forgets consumers (stopped instances) idle for longer than <paramref name="idle"/> with nothing pending, other
    /// than <paramref name="self"/>; returns how many. A consumer with pending events is kept: they are still to be claimed.
    /// </summary>
    Task<int> RemoveIdleConsumersAsync(string self, TimeSpan idle);

    /// <summary>Queues again the events whose retry time has come; returns how many.</summary>
    Task<int> ReleaseDueRetriesAsync(DateTimeOffset now, int max);

    /// <summary>Delivered: forget the taken event.</summary>
    Task CompleteAsync(PendingCallback taken);

    /// <summary>Failed: keep <paramref name="updated"/> waiting until <paramref name="due"/>. False when the event was already finished elsewhere.</summary>
    Task<bool> RescheduleAsync(PendingCallback taken, CallbackEvent updated, DateTimeOffset due);

    /// <summary>Out of attempts: move <paramref name="updated"/> to the dead letters.</summary>
    Task<bool> DeadLetterAsync(PendingCallback taken, CallbackEvent updated);

    /// <summary>The oldest dead letters, up to <paramref name="count"/>.</summary>
    Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(int count);

    /// <summary>Queues one dead letter again with a fresh attempt count; false when there is no such entry.</summary>
    Task<bool> ReplayAsync(string deadLetterId);

    Task<CallbackStoreStats> StatsAsync();
}
