namespace EdgeGateway.Sandbox;

/// <summary>
/// <c>EdgeGateway:Sandbox</c>: when enabled, the gateway generates sandbox keys, hosts the WeChat Pay
/// simulator on loopback and points every WeChat Pay cluster at it. For trying the gateway out and for
/// development only: nothing reaches the real WeChat Pay, and it says so loudly at start.
/// </summary>
public sealed class SandboxOptions
{
    public const string SectionName = "EdgeGateway:Sandbox";

    /// <summary>Default false in code; the shipped appsettings.json turns it on for the first run.</summary>
    public bool Enabled { get; set; }

    /// <summary>Where sandbox keys are generated and kept (relative to the content root). Default <c>.sandbox</c>.</summary>
    public string KeysDirectory { get; set; } = ".sandbox";

    /// <summary>
    /// Address of the hosted simulator. Default <c>http://127.0.0.1:0</c>: port 0 becomes a loopback port that is free
    /// when the gateway is composed, since the routes must point at it before the host starts the simulator.
    /// </summary>
    public string SimulatorUrl { get; set; } = "http://127.0.0.1:0";
}
