using EdgeGateway.IntegrationTests.Infrastructure;

namespace EdgeGateway.IntegrationTests.Idempotency;

/// <summary>The <see cref="RedisDuplicateGuardStoreTests"/> on the 6-node Redis Cluster.</summary>
public sealed class RedisDuplicateGuardStoreOnClusterTests() : RedisDuplicateGuardStoreTests(RedisTopologies.Cluster);
