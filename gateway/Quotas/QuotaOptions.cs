using EdgeGateway.Configuration;
using Microsoft.Extensions.Options;

namespace EdgeGateway.Quotas;

/// <summary>
/// <c>EdgeGateway:Quotas</c>: how the quota check talks to Redis. Every setting is optional; a value outside its range
/// is a start problem naming the key (exit 2, and <c>validate</c> lists it), not a value quietly raised to the minimum.
/// </summary>
public sealed class QuotaOptions
{
    public const string SectionName = "EdgeGateway:Quotas";

    private const string UseRange = SectionName + ":{0} is {3}; use {1} to {2}.";

    /// <summary>Most decisions sent to Redis in one script call. Default 256; 1 turns batching off; at most 4096.</summary>
    [SettingRange(1, 4096, ErrorMessage = UseRange)]
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>Script calls in flight at once; further decisions wait and join the next batch. Default 4; 1 to 64.</summary>
    [SettingRange(1, 64, ErrorMessage = UseRange)]
    public int MaxConcurrentBatches { get; set; } = 4;

    /// <summary>Share of failed Redis decisions within <see cref="CircuitSamplingDuration"/> that opens the circuit. Default 0.5; more than 0, at most 1.</summary>
    [SettingRange(0.0, 1.0, MinimumIsExclusive = true, ErrorMessage = SectionName + ":{0} is {3}; use a share above 0 and at most 1, such as 0.5.")]
    public double CircuitFailureRatio { get; set; } = 0.5;

    /// <summary>Decisions needed in the sampling window before the circuit may open. Default 5; at least 2.</summary>
    [SettingRange(2, int.MaxValue, ErrorMessage = SectionName + ":{0} is {3}; use at least {1}.")]
    public int CircuitMinimumThroughput { get; set; } = 5;

    /// <summary>Window over which failures are counted. Default 10 s; 0.5 s to 1 day.</summary>
    [SettingRange(typeof(TimeSpan), "00:00:00.5", "1.00:00:00", ErrorMessage = UseRange)]
    public TimeSpan CircuitSamplingDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long Redis is left alone once the circuit opened, before one probe decision tries it again. Default 5 s; 0.5 s to 1 day.</summary>
    [SettingRange(typeof(TimeSpan), "00:00:00.5", "1.00:00:00", ErrorMessage = UseRange)]
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Checks <see cref="QuotaOptions"/> against its attributes (generated).</summary>
[OptionsValidator]
internal sealed partial class QuotaOptionsValidator : IValidateOptions<QuotaOptions>;
