namespace EdgeGateway.Hosting;

/// <summary>How the gateway stops (on SIGTERM, Ctrl+C or a host stop).</summary>
public static class ShutdownOptions
{
    public const string Key = "EdgeGateway:ShutdownTimeout";

    /// <summary>
    /// Default 0: how long, once shutdown starts, the instance keeps accepting requests while /health/ready already
    /// answers 503, so that a load balancer that only learns from probes stops sending first. Part of the shutdown
    /// timeout; must be shorter. Kubernetes needs none (it removes a terminating pod itself; the preStop pause covers
    /// the propagation).
    /// </summary>
    public const string ReadinessDelayKey = "EdgeGateway:ShutdownReadinessDelay";

    /// <summary>Default 30 s: a payment request's longest route timeout (15 s) twice over, well inside Kubernetes' 45 s grace period as shipped.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan ShortestTimeout = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan LongestTimeout = TimeSpan.FromMinutes(10);
}
