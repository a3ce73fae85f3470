using EdgeGateway.IntegrationTests.Infrastructure;

namespace EdgeGateway.IntegrationTests.StoreContracts;

/// <summary>The <see cref="StatusCacheStoreContractTests"/> against the Redis store on one redis-server.</summary>
public sealed class RedisStatusCacheStoreOnSingleContractTests() : StatusCacheStoreContractTests(RedisTopologies.Single);
