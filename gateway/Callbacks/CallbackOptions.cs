namespace EdgeGateway.Callbacks;

/// <summary>
/// <c>EdgeGateway:Callbacks</c>: how WeChat Pay's callbacks are received, kept and delivered. The callback
/// routes themselves (name → merchant, internal target) are in config/callbacks.json. Every value is
/// optional; the defaults suit production.
/// </summary>
public sealed class CallbackOptions
{
    public const string SectionName = "EdgeGateway:Callbacks";

    /// <summary>Largest callback body accepted, in bytes (413 above). Default 64 KiB (WeChat Pay's are about 1 KiB).</summary>
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Budget for answering WeChat Pay, reading the body included; WeChat Pay waits 5 seconds (PROTOCOL.md §4.2).
    /// Default 4 seconds; allowed 1 to 5.
    /// </summary>
    public TimeSpan IngressTimeout { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Longest wait for a certificate refresh when a callback names an unknown serial. Default 2 seconds.</summary>
    public TimeSpan UnknownSerialWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long an accepted notification id is remembered, so WeChat Pay's re-sends (for about 24 hours, §4.3)
    /// are acknowledged without a second delivery. Default 72 hours; at least 25 hours.
    /// </summary>
    public TimeSpan DedupeWindow { get; set; } = TimeSpan.FromHours(72);

    /// <summary>Delivery attempts before an event moves to the dead-letter stream. Default 15; at least 1.</summary>
    public int MaxAttempts { get; set; } = 15;

    /// <summary>Wait after the first failed attempt; doubles with each failure, ±<see cref="BackoffJitter"/>. Default 5 seconds.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait between two attempts. Default 15 minutes.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Share by which each wait is moved at random, so retries of many events spread out. Default 0.2; allowed 0 to 0.5.</summary>
    public double BackoffJitter { get; set; } = 0.2;

    /// <summary>Timeout of one delivery to the internal target. Default 10 seconds.</summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// An event taken for delivery and neither delivered nor rescheduled for this long belonged to an instance
    /// that died; another instance claims it (XAUTOCLAIM). Default 60 seconds; must exceed
    /// <see cref="DeliveryTimeout"/>.
    /// </summary>
    public TimeSpan OrphanClaimAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Deliveries in flight per instance. Default 8; 1 to 256.</summary>
    public int Concurrency { get; set; } = 8;

    /// <summary>
    /// On shutdown, how long deliveries in flight may still finish; the rest are interrupted and put back at
    /// once for the next instance (the attempt not counted). Default 5 seconds; 0 to 60 seconds.
    /// </summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often an idle worker looks for new, due and orphaned events. Default 200 ms.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Replicas that must hold an accepted callback before WeChat Pay is answered 204 (Redis <c>WAIT</c> after the
    /// store, on the primary that owns the callback's shard); if fewer confirm within <see cref="ReplicaAckTimeout"/> the
    /// answer is 500 and WeChat Pay sends the callback again. Default (empty): 1 when the primary has a replica
    /// (a Redis Cluster with replicas, a replicated primary), 0 otherwise. 0 to 5.
    /// </summary>
    public int? ReplicaAcks { get; set; }

    /// <summary>Longest wait for <see cref="ReplicaAcks"/>. Default 500 ms; 10 ms up to less than <see cref="IngressTimeout"/>.</summary>
    public TimeSpan ReplicaAckTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Streams the queue is spread over, each under its own hash tag (its own Redis Cluster slot, so different
    /// primaries carry them), each with its consumer group. A callback's shard is a stable hash of its merchant and
    /// notification id, so WeChat Pay's re-sends meet their dedupe key. Shard 0 is the pre-shard key family
    /// (<c>{callbacks}</c>), so events queued before an upgrade are still delivered. Default 4; 1 to 64. Only raise it
    /// while running: lowering it strands the events queued in the shards dropped.
    /// </summary>
    public int StreamShards { get; set; } = 4;

    /// <summary>Every problem with these values, as messages naming the key and what to do.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxBodyBytes is < 1024 or > 16 * 1024 * 1024)
        {
            errors.Add($"{SectionName}:MaxBodyBytes is {MaxBodyBytes}; use 1024 to 16777216.");
        }

        if (IngressTimeout < TimeSpan.FromSeconds(1) || IngressTimeout > TimeSpan.FromSeconds(5))
        {
            errors.Add($"{SectionName}:IngressTimeout is {IngressTimeout}; use 00:00:01 to 00:00:05 (WeChat Pay waits 5 seconds for the answer).");
        }

        if (UnknownSerialWait < TimeSpan.Zero || UnknownSerialWait >= IngressTimeout)
        {
            errors.Add($"{SectionName}:UnknownSerialWait is {UnknownSerialWait}; use a value from 0 up to less than IngressTimeout.");
        }

        if (DedupeWindow < TimeSpan.FromHours(25))
        {
            errors.Add($"{SectionName}:DedupeWindow is {DedupeWindow}; use at least 25:00:00 (WeChat Pay re-sends a notification for about 24 hours).");
        }

        if (MaxAttempts < 1)
        {
            errors.Add($"{SectionName}:MaxAttempts is {MaxAttempts}; use at least 1.");
        }

        if (InitialBackoff <= TimeSpan.Zero || MaxBackoff < InitialBackoff)
        {
            errors.Add($"{SectionName}: InitialBackoff ({InitialBackoff}) must be positive and MaxBackoff ({MaxBackoff}) at least as long.");
        }

        if (double.IsNaN(BackoffJitter) || BackoffJitter is < 0 or > 0.5)
        {
            errors.Add($"{SectionName}:BackoffJitter is {BackoffJitter}; use a fraction from 0 to 0.5.");
        }

        if (DeliveryTimeout <= TimeSpan.Zero || OrphanClaimAfter <= DeliveryTimeout)
        {
            errors.Add($"{SectionName}:OrphanClaimAfter ({OrphanClaimAfter}) must be longer than DeliveryTimeout ({DeliveryTimeout}), or live deliveries would be claimed twice.");
        }

        if (ShutdownGrace < TimeSpan.Zero || ShutdownGrace > TimeSpan.FromSeconds(60))
        {
            errors.Add($"{SectionName}:ShutdownGrace is {ShutdownGrace}; use 00:00:00 to 00:01:00.");
        }

        if (Concurrency is < 1 or > 256)
        {
            errors.Add($"{SectionName}:Concurrency is {Concurrency}; use 1 to 256.");
        }

        if (PollInterval < TimeSpan.FromMilliseconds(10) || PollInterval > TimeSpan.FromSeconds(10))
        {
            errors.Add($"{SectionName}:PollInterval is {PollInterval}; use 00:00:00.010 to 00:00:10.");
        }

        if (ReplicaAcks is < 0 or > 5)
        {
            errors.Add($"{SectionName}:ReplicaAcks is {ReplicaAcks}; use 0 to 5, or leave it empty (1 when Redis has replicas, else 0).");
        }

        if (ReplicaAckTimeout < TimeSpan.FromMilliseconds(10) || ReplicaAckTimeout >= IngressTimeout)
        {
            errors.Add($"{SectionName}:ReplicaAckTimeout is {ReplicaAckTimeout}; use 00:00:00.010 up to less than IngressTimeout.");
        }

        if (StreamShards is < 1 or > 64)
        {
            errors.Add($"{SectionName}:StreamShards is {StreamShards}; use 1 to 64.");
        }

        return errors;
    }
}
