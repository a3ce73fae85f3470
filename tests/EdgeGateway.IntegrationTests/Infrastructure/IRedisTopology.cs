namespace EdgeGateway.IntegrationTests.Infrastructure;

/// <summary>A Redis the gateway can be pointed at: one redis-server, or a Redis Cluster with replicas.</summary>
public interface IRedisTopology
{
    /// <summary>"single" or "cluster", as the tests' theories name them.</summary>
    string Name { get; }

    /// <summary>The gateway's <c>EdgeGateway:Redis:Configuration</c> string (a cluster lists its seeds).</summary>
    string Endpoint { get; }
}
