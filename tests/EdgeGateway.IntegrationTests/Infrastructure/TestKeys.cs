using EdgeGateway.Simulator.Keys;

namespace EdgeGateway.IntegrationTests.Infrastructure;

/// <summary>
/// Sandbox key material generated once per test run into a temporary folder (test-only keys, never
/// committed): one merchant, a platform certificate and a WeChat Pay public key.
/// </summary>
public static class TestKeys
{
    private static readonly Lazy<SandboxKeyMaterial> Shared = new(() =>
        SandboxKeyMaterial.LoadOrCreate(Path.Combine(Path.GetTempPath(), "edgegateway-tests-" + Environment.ProcessId, "keys")));

    public static SandboxKeyMaterial Material => Shared.Value;

    /// <summary>A second, independent merchant (for isolation tests).</summary>
    public static SandboxKeyMaterial Create(string name, string mchId) =>
        SandboxKeyMaterial.LoadOrCreate(Path.Combine(Path.GetTempPath(), "edgegateway-tests-" + Environment.ProcessId, name), mchId);
}
