using EdgeGateway.IntegrationTests.Infrastructure;

namespace EdgeGateway.IntegrationTests.StoreContracts;

/// <summary>The <see cref="CallbackStoreContractTests"/> against the Redis store on one redis-server.</summary>
public sealed class RedisCallbackStoreOnSingleContractTests() : CallbackStoreContractTests(RedisTopologies.Single);
