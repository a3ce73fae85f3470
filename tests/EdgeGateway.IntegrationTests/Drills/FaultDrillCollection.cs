namespace EdgeGateway.IntegrationTests.Drills;

/// <summary>
/// The fault drills run one at a time and alone: each puts load on the machine and kills processes, and each
/// reports recovery times that other tests running beside it would distort.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultDrillCollection
{
    public const string Name = "Fault drills";
}
