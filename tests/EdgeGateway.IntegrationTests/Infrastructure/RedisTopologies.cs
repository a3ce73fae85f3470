namespace EdgeGateway.IntegrationTests.Infrastructure;

/// <summary>
/// The Redis topologies every Redis-backed suite runs on: <c>[Theory, MemberData(nameof(RedisTopologies.Both), MemberType = typeof(RedisTopologies))]</c>
/// with a <c>string topology</c> parameter, then <c>await RedisTopologies.SharedAsync(topology)</c>.
/// </summary>
public static class RedisTopologies
{
    public const string Single = "single";

    public const string Cluster = "cluster";

    public static TheoryData<string> Both => [Single, Cluster];

    /// <summary>The shared server or the shared cluster (test.sh's, else started here).</summary>
    public static async Task<IRedisTopology> SharedAsync(string topology) => topology switch
    {
        Single => await RedisServer.SharedAsync(),
        Cluster => await RedisCluster.SharedAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(topology), topology, "use \"single\" or \"cluster\""),
    };
}
