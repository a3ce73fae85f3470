using EdgeGateway.IntegrationTests.Infrastructure;

namespace EdgeGateway.IntegrationTests.StoreContracts;

/// <summary>The <see cref="DuplicateGuardStoreContractTests"/> against the Redis store on one redis-server.</summary>
public sealed class RedisDuplicateGuardStoreOnSingleContractTests() : DuplicateGuardStoreContractTests(RedisTopologies.Single);
