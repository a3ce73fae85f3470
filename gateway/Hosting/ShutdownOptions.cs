namespace EdgeGateway.Hosting;

/// <summary>How the gateway stops (on SIGTERM, Ctrl+C or a host stop).</summary>
public static class ShutdownOptions
{
    public const string Key = "EdgeGateway:ShutdownTimeout";

    /// <summary>Default 30 s: a payment request's longest route timeout (15 s) twice over, well inside Kubernetes' 45 s grace period as shipped.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan ShortestTimeout = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan LongestTimeout = TimeSpan.FromMinutes(10);
}
