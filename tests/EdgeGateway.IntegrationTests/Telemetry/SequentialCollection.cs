namespace EdgeGateway.IntegrationTests.Telemetry;

/// <summary>
/// Tests that must not share the process with other running gateways: ActivityListeners are process-wide,
/// so another host's always-on sampler would record what a test expects to stay unsampled; and the
/// redaction test reads the logs of every test before it. xunit runs non-parallel collections after all
/// parallel ones, one test at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SequentialCollection
{
    public const string Name = "Sequential (process-wide telemetry)";
}
