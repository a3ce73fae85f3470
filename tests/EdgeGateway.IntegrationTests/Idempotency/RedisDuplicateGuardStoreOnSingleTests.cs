using EdgeGateway.IntegrationTests.Infrastructure;

namespace EdgeGateway.IntegrationTests.Idempotency;

/// <summary>The <see cref="RedisDuplicateGuardStoreTests"/> on one redis-server.</summary>
public sealed class RedisDuplicateGuardStoreOnSingleTests() : RedisDuplicateGuardStoreTests(RedisTopologies.Single);
