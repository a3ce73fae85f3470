using System.ComponentModel.DataAnnotations;
using EdgeGateway.Configuration;
using Microsoft.Extensions.Options;

namespace EdgeGateway.Callbacks;

/// <summary>
/// <c>EdgeGateway:Callbacks</c>: how WeChat Pay's callbacks are received, kept and delivered. The callback
/// routes themselves (name → merchant, internal target) are in config/callbacks.json. Every value is
/// optional; the defaults suit production.
/// </summary>
public sealed class CallbackOptions : IValidatableObject
{
    public const string SectionName = "EdgeGateway:Callbacks";

    /// <summary>The message of a value outside its range: the full key, the value found and the range.</summary>
    private const string UseRange = SectionName + ":{0} is {3}; use {1} to {2}.";

    /// <summary>Largest callback body accepted, in bytes (413 above). Default 64 KiB (WeChat Pay's are about 1 KiB).</summary>
    [SettingRange(1024, 16 * 1024 * 1024, ErrorMessage = UseRange)]
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Budget for answering WeChat Pay, reading the body included; WeChat Pay waits 5 seconds (PROTOCOL.md §4.2).
    /// Default 4 seconds.
    /// </summary>
    [SettingRange(typeof(TimeSpan), "00:00:01", "00:00:05", ErrorMessage = SectionName + ":{0} is {3}; use {1} to {2} (WeChat Pay waits 5 seconds for the answer).")]
    public TimeSpan IngressTimeout { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Longest wait for a certificate refresh when a callback names an unknown serial. Default 2 seconds; shorter than <see cref="IngressTimeout"/>.</summary>
    [SettingRange(typeof(TimeSpan), "00:00:00", SettingRangeAttribute.LongestDuration, ErrorMessage = SectionName + ":{0} is {3}; use a value from {1} up to less than IngressTimeout.")]
    public TimeSpan UnknownSerialWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long an accepted notification id is remembered, so WeChat Pay's re-sends (for about 24 hours, §4.3)
    /// are acknowledged without a second delivery. Default 72 hours.
    /// </summary>
    [SettingRange(typeof(TimeSpan), "1.01:00:00", SettingRangeAttribute.LongestDuration, ErrorMessage = SectionName + ":{0} is {3}; use at least {1} (WeChat Pay re-sends a notification for about 24 hours).")]
    public TimeSpan DedupeWindow { get; set; } = TimeSpan.FromHours(72);

    /// <summary>Delivery attempts before an event moves to the dead-letter stream. Default 15.</summary>
    [SettingRange(1, int.MaxValue, ErrorMessage = SectionName + ":{0} is {3}; use at least {1}.")]
    public int MaxAttempts { get; set; } = 15;

    /// <summary>Wait after the first failed attempt; doubles with each failure, ±<see cref="BackoffJitter"/>. Default 5 seconds.</summary>
    [SettingRange(typeof(TimeSpan), "00:00:00", SettingRangeAttribute.LongestDuration, MinimumIsExclusive = true, ErrorMessage = SectionName + ":{0} is {3}; use a positive duration such as \"00:00:05\".")]
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait between two attempts. Default 15 minutes; at least <see cref="InitialBackoff"/>.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Share by which each wait is moved at random, so retries of many events spread out. Default 0.2.</summary>
    [SettingRange(0.0, 0.5, ErrorMessage = SectionName + ":{0} is {3}; use a fraction from {1} to {2}.")]
    public double BackoffJitter { get; set; } = 0.2;

    /// <summary>Timeout of one delivery to the internal target. Default 10 seconds.</summary>
    [SettingRange(typeof(TimeSpan), "00:00:00", SettingRangeAttribute.LongestDuration, MinimumIsExclusive = true, ErrorMessage = SectionName + ":{0} is {3}; use a positive duration such as \"00:00:10\".")]
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// An event taken for delivery and neither delivered nor rescheduled for this long belonged to an instance
    /// that died; another instance claims it (XAUTOCLAIM). Default 60 seconds; must exceed
    /// <see cref="DeliveryTimeout"/>.
    /// </summary>
    public TimeSpan OrphanClaimAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Deliveries in flight per instance. Default 8.</summary>
    [SettingRange(1, 256, ErrorMessage = UseRange)]
    public int Concurrency { get; set; } = 8;

    /// <summary>
    /// On shutdown, how long deliveries in flight may still finish; the rest are interrupted and put back at
    /// once for the next instance (the attempt not counted). Default 5 seconds.
    /// </summary>
    [SettingRange(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = UseRange)]
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often an idle worker looks for new, due and orphaned events. Default 200 ms.</summary>
    [SettingRange(typeof(TimeSpan), "00:00:00.010", "00:00:10", ErrorMessage = UseRange)]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Replicas that must hold an accepted callback before WeChat Pay is answered 204 (Redis <c>WAIT</c> after the
    /// store, on the primary that owns the callback's shard); if fewer confirm within <see cref="ReplicaAckTimeout"/> the
    /// answer is 500 and WeChat Pay sends the callback again. Default (empty): 1 when the primary has a replica
    /// (a Redis Cluster with replicas, a replicated primary), 0 otherwise.
    /// </summary>
    [SettingRange(0, 5, ErrorMessage = SectionName + ":{0} is {3}; use {1} to {2}, or leave it empty (1 when Redis has replicas, else 0).")]
    public int? ReplicaAcks { get; set; }

    /// <summary>Longest wait for <see cref="ReplicaAcks"/>. Default 500 ms; shorter than <see cref="IngressTimeout"/>.</summary>
    [SettingRange(typeof(TimeSpan), "00:00:00.010", SettingRangeAttribute.LongestDuration, ErrorMessage = SectionName + ":{0} is {3}; use {1} up to less than IngressTimeout.")]
    public TimeSpan ReplicaAckTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Streams the queue is spread over, each under its own hash tag (its own Redis Cluster slot, so different
    /// primaries carry them), each with its consumer group. A callback's shard is a stable hash of its merchant and
    /// notification id, so WeChat Pay's re-sends meet their dedupe key. Shard 0 is the pre-shard key family
    /// (<c>{callbacks}</c>), so events queued before an upgrade are still delivered. Default 4. Only raise it
    /// while running: lowering it strands the events queued in the shards dropped.
    /// </summary>
    [SettingRange(1, 64, ErrorMessage = UseRange)]
    public int StreamShards { get; set; } = 4;

    /// <summary>The rules between two values (each value's own range is on its property).</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (UnknownSerialWait >= IngressTimeout)
        {
            yield return new ValidationResult($"{SectionName}:UnknownSerialWait is {UnknownSerialWait}; use a value less than IngressTimeout ({IngressTimeout}).");
        }

        if (MaxBackoff < InitialBackoff)
        {
            yield return new ValidationResult($"{SectionName}:MaxBackoff ({MaxBackoff}) must be at least as long as InitialBackoff ({InitialBackoff}).");
        }

        if (OrphanClaimAfter <= DeliveryTimeout)
        {
            yield return new ValidationResult($"{SectionName}:OrphanClaimAfter ({OrphanClaimAfter}) must be longer than DeliveryTimeout ({DeliveryTimeout}), or live deliveries would be claimed twice.");
        }

        if (ReplicaAckTimeout >= IngressTimeout)
        {
            yield return new ValidationResult($"{SectionName}:ReplicaAckTimeout is {ReplicaAckTimeout}; use a value less than IngressTimeout ({IngressTimeout}).");
        }
    }
}

/// <summary>Checks <see cref="CallbackOptions"/> against its attributes and <see cref="CallbackOptions.Validate"/> (generated).</summary>
[OptionsValidator]
internal sealed partial class CallbackOptionsValidator : IValidateOptions<CallbackOptions>;
