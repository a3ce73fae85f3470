using EdgeGateway.Configuration;
using Microsoft.Extensions.Options;

namespace EdgeGateway.Resilience;

/// <summary>
/// <c>EdgeGateway:Resilience</c> in appsettings.json: how the forwarder's connections to WeChat Pay behave.
/// Per-route settings (breakers, retries, timeouts) live in config/, not here.
/// </summary>
public sealed class ResilienceOptions
{
    public const string SectionName = "EdgeGateway:Resilience";

    /// <summary>
    /// Longest wait for a TCP/TLS connection to a destination. Optional; default 3 s; shorter than the shortest route
    /// timeout. A destination that does not accept a connection within it counts as unreachable and the request goes to
    /// the other destination (nothing was sent yet).
    /// </summary>
    [SettingRange(typeof(TimeSpan), "00:00:00", SettingRangeAttribute.LongestDuration, MinimumIsExclusive = true, ErrorMessage = SectionName + ":{0} is {3}; use a positive duration such as \"00:00:03\".")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long a destination that refused a connection stays out of rotation when the cluster's
    /// <c>HealthCheck.Passive.ReactivationPeriod</c> does not say. Optional; default 30 s.
    /// </summary>
    [SettingRange(typeof(TimeSpan), "00:00:00", SettingRangeAttribute.LongestDuration, MinimumIsExclusive = true, ErrorMessage = SectionName + ":{0} is {3}; use a positive duration such as \"00:00:30\".")]
    public TimeSpan DefaultReactivationPeriod { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Checks <see cref="ResilienceOptions"/> against its attributes (generated).</summary>
[OptionsValidator]
internal sealed partial class ResilienceOptionsValidator : IValidateOptions<ResilienceOptions>;
