namespace EdgeGateway.Resilience;

/// <summary>
/// <c>EdgeGateway:Resilience</c> in appsettings.json: how the forwarder's connections to WeChat Pay behave.
/// Per-route settings (breakers, retries, timeouts) live in config/, not here.
/// </summary>
public sealed class ResilienceOptions
{
    public const string SectionName = "EdgeGateway:Resilience";

    /// <summary>
    /// Longest wait for a TCP/TLS connection to a destination. Optional; default 3 s; must be positive and
    /// shorter than the shortest route timeout. A destination that does not accept a connection within it
    /// counts as unreachable and the request goes to the other destination (nothing was sent yet).
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long a destination that refused a connection stays out of rotation when the cluster's
    /// <c>HealthCheck.Passive.ReactivationPeriod</c> does not say. Optional; default 30 s.
    /// </summary>
    public TimeSpan DefaultReactivationPeriod { get; set; } = TimeSpan.FromSeconds(30);
}
